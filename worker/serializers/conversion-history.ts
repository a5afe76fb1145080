import { z } from '@hono/zod-openapi';
import type { Conversion, ConversionHistoryEntry } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

const status = z.enum(['approved', 'pending', 'rejected']);

export const historyEntry = z
  .object({
    at: z.string(),
    from_status: status.nullable(),
    to_status: status,
    reason: z.string().nullable(),
    note: z.string().nullable(),
    credential_kind: z
      .string()
      .nullable()
      .openapi({ description: 'admin, advertiser, affiliate or rules; never a secret' }),
  })
  .openapi('ConversionHistoryEntry');

export type HistoryEntryJson = z.infer<typeof historyEntry>;

/**
 * A conversion's history, oldest first. Recording a conversion writes no history row (the
 * postback stays at two database round trips), so the first entry, its creation, is derived: at
 * the conversion's time, from nothing to the status it was created with, which is the first
 * change's from_status, or the current status when it never changed. With no changes its reason
 * and deciding credential are the conversion's own; after a change they are no longer known (null).
 */
export function historyToJson(c: Conversion, rows: ConversionHistoryEntry[]): HistoryEntryJson[] {
  const first = rows[0];
  const created: HistoryEntryJson = {
    at: toIso(c.timestamp),
    from_status: null,
    to_status: (first?.fromStatus ?? c.status) as HistoryEntryJson['to_status'],
    reason: first ? null : c.reason,
    note: null,
    credential_kind: first ? null : c.statusSetBy,
  };
  return [
    created,
    ...rows.map((r) => ({
      at: toIso(r.at),
      from_status: r.fromStatus as HistoryEntryJson['from_status'],
      to_status: r.toStatus as HistoryEntryJson['to_status'],
      reason: r.reason,
      note: r.note,
      credential_kind: r.credentialKind,
    })),
  ];
}
