import { z } from '@hono/zod-openapi';
import { isMysqlDay } from '../db/time.ts';

const PRINTABLE = /^[\x21-\x7E]+$/;
const NO_CONTROL = /^[^\x00-\x1F\x7F]*$/;

export const idParam = (name: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `${name} is required`
          : `${name} must be given once, as a positive integer`,
    })
    .regex(/^[1-9][0-9]{0,9}$/, `${name} must be a positive integer`)
    .transform(Number)
    .refine((n) => n <= 2147483647, `${name} is too large`)
    .openapi({ type: 'integer', example: 1 });

// The affiliate a campaign-wide setting (cap, payout rule) is narrowed to; absent or null: not narrowed.
export const affiliateScopeField = (description: string) =>
  z
    .number({ error: 'affiliate_id must be an affiliate id, or null' })
    .int('affiliate_id must be a whole number')
    .min(1, 'affiliate_id must be a positive id')
    .max(2147483647, 'affiliate_id is too large')
    .nullable()
    .optional()
    .openapi({ example: 7, description });

export const clickIdField = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'click_id is required' : 'click_id must be given once, as text',
  })
  .min(1, 'click_id must not be empty')
  .max(100, 'click_id must be at most 100 characters')
  .regex(PRINTABLE, 'click_id must be printable ASCII without spaces')
  .openapi({ example: 'abc123' });

export const subField = (name: string) =>
  z
    .string({ error: `${name} must be a single text value` })
    .max(255, `${name} must be at most 255 characters`)
    .regex(NO_CONTROL, `${name} must not contain control characters`)
    .optional();

// As a tracking link receives it: length and characters are checked by the click handler (JSON mode) or cleaned (redirect).
export const lenientSubField = (name: string) =>
  z
    .string({ error: `${name} must be a single text value` })
    .optional()
    .openapi({
      description: `At most 255 characters without control characters; a browser's over-long ${name} is cut, not refused`,
    });

const DECIMAL = /^(0|[1-9][0-9]{0,10})(\.[0-9]{1,4})?$/;

// Whether a money field's value passed: an object's own refinements still run after a field failed.
export const isDecimal = (value: unknown): value is string =>
  typeof value === 'string' && DECIMAL.test(value);

/**
 * A money amount, sent as a JSON number (5, 49.9) or a decimal string ("49.90"); either way it is
 * validated as an exact decimal and kept as a string, so no float rounding reaches the database.
 * Up to 11 integer digits and 4 decimals: every such number prints back exactly as it was written.
 */
export const moneyField = (name: string) =>
  z
    .union([z.string(), z.number()], { error: `${name} must be a single decimal number` })
    .transform((value) => (typeof value === 'number' ? String(value) : value))
    .pipe(
      z
        .string()
        .regex(
          DECIMAL,
          `${name} must be a non-negative decimal number with at most 11 integer digits and 4 decimals`,
        ),
    )
    .openapi(moneyDoc(name, false));

// The same field where null clears the amount (a campaign's default payout).
export const nullableMoneyField = (name: string) =>
  moneyField(name).nullable().openapi(moneyDoc(name, true));

function moneyDoc(name: string, nullable: boolean) {
  const forms: {
    type: 'number' | 'string' | 'null';
    minimum?: number;
    multipleOf?: number;
    pattern?: string;
  }[] = [
    { type: 'number', minimum: 0, multipleOf: 0.0001 },
    { type: 'string', pattern: DECIMAL.source },
  ];
  if (nullable) forms.push({ type: 'null' });
  return {
    anyOf: forms,
    description: `${name}: a JSON number or a decimal string, non-negative, at most 11 integer digits and 4 decimals${nullable ? '; null for none' : ''}`,
    example: '100.00',
  };
}

const currencies = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [],
);

export const currencyField = z
  .string({ error: 'currency must be a single ISO 4217 code' })
  .regex(/^[A-Za-z]{3}$/, 'currency must be a 3-letter ISO 4217 code')
  .transform((s) => s.toUpperCase())
  .refine(
    (s) => currencies.size === 0 || currencies.has(s),
    'currency must be an ISO 4217 code such as USD or EUR',
  )
  .openapi({ type: 'string', example: 'USD' });

export const textField = (name: string, max: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `${name} is required` : `${name} must be text`,
    })
    .min(1, `${name} must not be empty`)
    .max(max, `${name} must be at most ${max} characters`)
    .regex(NO_CONTROL, `${name} must not contain control characters`);

export const dayField = (name: string) =>
  z
    .string({ error: `${name} must be a date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date in YYYY-MM-DD form`)
    .refine(isMysqlDay, `${name} is not a real date between 1970-01-01 and 9998-12-31`)
    .openapi({ type: 'string', format: 'date', example: '2026-11-01' });

// A zone name such as Europe/Berlin or UTC; offsets like +01:00 are no zone (they ignore daylight saving).
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/;

/** The IANA zone as the runtime spells it, or undefined when the runtime does not know the name. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const timeZoneField = z
  .string({
    error: 'time_zone must be an IANA time zone name such as Europe/Berlin, or null for UTC',
  })
  .transform((name, ctx) => {
    const zone = canonicalTimeZone(name);
    if (zone === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          'time_zone must be an IANA time zone name such as Europe/Berlin or America/New_York (or null for UTC)',
      });
      return z.NEVER;
    }
    return zone;
  })
  .nullable()
  .openapi({ example: 'Europe/Berlin', description: 'IANA time zone name; null is UTC' });
