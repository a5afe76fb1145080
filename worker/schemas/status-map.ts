import { z } from '@hono/zod-openapi';

export const mappedStatuses = ['approved', 'pending', 'rejected'] as const;
export type MappedStatus = (typeof mappedStatuses)[number];

export const MAX_STATUS_MAP_ENTRIES = 32;
// Printable ASCII, inner spaces allowed, 1 to 32 characters: a vendor's status value as it arrives in a postback.
const STATUS_VALUE = /^[\x21-\x7E](?:[\x20-\x7E]{0,30}[\x21-\x7E])?$/;

/**
 * An advertiser's own status values mapped onto ours, e.g. {"sale": "approved", "5": "rejected"}.
 * Checked by hand rather than with z.record: a record schema drops a "__proto__" key without a
 * word (and accepts any value for it), so a refused entry could pass unnoticed.
 */
export const statusMapField = z
  .custom<Record<string, MappedStatus>>(
    (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
    {
      error:
        'status_map must be an object mapping your status values to approved, pending or rejected',
    },
  )
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > MAX_STATUS_MAP_ENTRIES) {
      ctx.addIssue({
        code: 'custom',
        message: `status_map may map at most ${MAX_STATUS_MAP_ENTRIES} status values (got ${keys.length})`,
      });
      return;
    }
    for (const key of keys) {
      if (!STATUS_VALUE.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message:
            'status_map keys must be 1 to 32 printable ASCII characters, without leading or trailing spaces',
        });
        return;
      }
      const mapped = (value as Record<string, unknown>)[key];
      if (typeof mapped !== 'string' || !(mappedStatuses as readonly string[]).includes(mapped)) {
        ctx.addIssue({
          code: 'custom',
          message: `status_map values must be approved, pending or rejected (key ${JSON.stringify(key)})`,
        });
        return;
      }
    }
  })
  // fromEntries defines every key as plain data, "__proto__" included.
  .transform((value) => Object.fromEntries(Object.entries(value)) as Record<string, MappedStatus>)
  .openapi({ type: 'object', ...statusMapDoc() });

// The same field where null (like {}) clears the map.
export const nullableStatusMapField = statusMapField
  .nullable()
  .openapi({ type: ['object', 'null'], ...statusMapDoc() });

function statusMapDoc() {
  return {
    additionalProperties: { type: 'string' as const, enum: [...mappedStatuses] },
    maxProperties: MAX_STATUS_MAP_ENTRIES,
    description:
      'Your own status values (1 to 32 printable characters each, at most 32) mapped onto approved, pending or rejected; used by the vendor postback presets',
    example: { sale: 'approved', hold: 'pending', '5': 'rejected' },
  };
}

/** The stored JSON as a Map, so a lookup of "constructor" or "__proto__" finds only what was stored. */
export function parseStatusMap(stored: string | null): Map<string, MappedStatus> {
  if (!stored) return new Map();
  return new Map(Object.entries(JSON.parse(stored) as Record<string, MappedStatus>));
}

export function storeStatusMap(map: Record<string, MappedStatus> | null): string | null {
  return map && Object.keys(map).length > 0 ? JSON.stringify(map) : null;
}
