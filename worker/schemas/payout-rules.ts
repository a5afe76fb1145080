import { z } from '@hono/zod-openapi';
import { isCountryCode } from '../lib/countries.ts';
import { toUnits } from '../lib/money.ts';
import { affiliateScopeField, currencyField, isDecimal, moneyField } from './fields.ts';
import { uniqueScopes } from './unique-scope.ts';

export const MAX_PAYOUT_RULES = 200;

// The same names a postback's event may have.
const EVENT = /^[A-Za-z0-9_.:-]{1,64}$/;

const countryScope = z
  .string({ error: 'country must be an ISO 3166-1 alpha-2 code such as US, or null' })
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, 'country must be an ISO 3166-1 alpha-2 code such as US, or null')
  .nullable()
  .optional()
  .openapi({
    type: 'string',
    example: 'DE',
    description: "The click's country (ISO 3166-1 alpha-2); absent or null: any country",
  });

const eventScope = z
  .string({ error: 'event must be text, or null' })
  .regex(EVENT, 'event must be 1-64 letters, digits or _ . : - (as a postback names it), or null')
  .nullable()
  .optional()
  .openapi({ example: 'deposit', description: 'The postback event; absent or null: any event' });

export const payoutRuleInput = z
  .strictObject({
    type: z.enum(['cpa', 'revshare'], {
      error: 'type must be cpa (a fixed amount) or revshare (a percentage of the amount)',
    }),
    value: moneyField('value').openapi({
      description:
        'cpa: the amount paid per conversion, in the campaign currency; revshare: the percentage (0-100) of the conversion amount',
      example: '12.50',
    }),
    affiliate_id: affiliateScopeField('The affiliate; absent or null: every affiliate'),
    country: countryScope,
    event: eventScope,
    currency: currencyField.optional().openapi({
      description: "Optional: must be the campaign's currency (payouts are paid in it)",
    }),
  })
  .superRefine((rule, ctx) => {
    if (rule.type === 'revshare' && isDecimal(rule.value) && toUnits(rule.value) > 100n * 10_000n) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'value of a revshare rule is a percentage: at most 100',
      });
    }
  })
  .openapi('PayoutRuleInput', { example: { type: 'cpa', value: '12.50', country: 'DE' } });

export type PayoutRuleInput = z.output<typeof payoutRuleInput>;

export function scopeOf(rule: PayoutRuleInput): string {
  return `affiliate ${rule.affiliate_id ?? 'any'}, country ${rule.country ?? 'any'}, event ${rule.event ?? 'any'}`;
}

export const payoutRulesBody = z
  .strictObject({
    rules: z
      .array(payoutRuleInput, {
        error: (issue) =>
          issue.input === undefined
            ? 'rules is required (an empty array removes every rule)'
            : 'rules must be an array of payout rules',
      })
      .max(MAX_PAYOUT_RULES, `rules must hold at most ${MAX_PAYOUT_RULES} rules`)
      .superRefine(
        uniqueScopes(
          scopeOf,
          (first, i, scope) => `rules ${first} and ${i} have the same scope (${scope}): keep one`,
        ),
      )
      .openapi({
        description:
          'The whole set: it replaces the rules in force. An empty array removes them (the default payout applies).',
      }),
  })
  .openapi({
    example: {
      rules: [
        { type: 'revshare', value: '30' },
        { type: 'revshare', value: '40', country: 'DE' },
        { type: 'cpa', value: '12.50', affiliate_id: 7, event: 'deposit' },
      ],
    },
  });

const ruleJsonFields = {
  id: z.number().int(),
  type: z.enum(['cpa', 'revshare']),
  value: z
    .string()
    .openapi({ description: 'Decimal text: cpa the amount, revshare the percentage' }),
  currency: z.string(),
  affiliate_id: z.number().int().nullable(),
  country: z.string().nullable(),
  event: z.string().nullable(),
  specificity: z
    .number()
    .int()
    .openapi({ description: 'affiliate 4 + event 2 + country 1: the highest matching rule wins' }),
};

const revshareRuleExample = {
  id: 41,
  type: 'revshare',
  value: '30.0000',
  currency: 'EUR',
  affiliate_id: null,
  country: null,
  event: null,
  specificity: 0,
} as const;

export const payoutRuleJson = z
  .object(ruleJsonFields)
  .openapi('PayoutRule', { example: revshareRuleExample });

export const cpaRuleExample = {
  id: 42,
  type: 'cpa',
  value: '12.5000',
  currency: 'EUR',
  affiliate_id: 7,
  country: null,
  event: 'deposit',
  specificity: 6,
} as const;

export const PRECEDENCE =
  "The most specific matching rule wins: a rule matches when each scope it names (affiliate, country, event) equals the conversion's; " +
  'specificity = affiliate 4 + event 2 + country 1, so affiliate+event+country (7) > affiliate+event (6) > affiliate+country (5) > affiliate (4) ' +
  "> event+country (3) > event (2) > country (1) > default (0). No matching rule: the campaign's default_payout. " +
  'cpa pays value; revshare pays value percent of the amount, rounded half up to 4 decimals. A rule change applies to later conversions only.';

export const payoutRulesJson = z
  .object({
    campaign_id: z.number().int(),
    currency: z.string(),
    default_payout: z.string().nullable(),
    precedence: z.string(),
    rules: z.array(payoutRuleJson),
  })
  .openapi({
    example: {
      campaign_id: 3,
      currency: 'EUR',
      default_payout: null,
      precedence: PRECEDENCE,
      rules: [revshareRuleExample, cpaRuleExample],
    },
  });

export const previewQuery = z.object({
  affiliate_id: z
    .string({ error: 'affiliate_id must be given once, as a positive integer' })
    .regex(/^[1-9][0-9]{0,9}$/, 'affiliate_id must be a positive integer')
    .transform(Number)
    .refine((n) => n <= 2147483647, 'affiliate_id is too large')
    .optional()
    .openapi({ type: 'integer', example: 7, description: 'Default: an affiliate no rule names' }),
  country: z
    .string({ error: 'country must be given once, as a 2-letter code' })
    .transform((s) => s.toUpperCase())
    .refine(isCountryCode, 'country must be an ISO 3166-1 alpha-2 code such as US')
    .optional()
    .openapi({
      type: 'string',
      example: 'DE',
      description: "The click's country; default: unknown",
    }),
  event: z
    .string({ error: 'event must be given once, as text' })
    .regex(EVENT, 'event must be 1-64 letters, digits or _ . : -')
    .optional()
    .openapi({
      example: 'deposit',
      description: 'Default: conversion (as a postback without event)',
    }),
  amount: moneyField('amount').optional(),
});

export const previewJson = z
  .object({
    rule: payoutRuleJson.nullable(),
    payout: z.string().nullable().openapi({
      description:
        'Decimal text with 4 places; null when nothing pays (no rule, no default_payout)',
    }),
    currency: z.string(),
    specificity: z.number().int().nullable(),
  })
  .openapi({
    example: { rule: cpaRuleExample, payout: '12.5000', currency: 'EUR', specificity: 6 },
  });
