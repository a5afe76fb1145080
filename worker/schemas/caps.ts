import { z } from '@hono/zod-openapi';
import { toUnits } from '../lib/money.ts';
import { affiliateScopeField, isDecimal, moneyField } from './fields.ts';
import { uniqueScopes } from './unique-scope.ts';

export const MAX_CAPS = 50;

export const capInput = z
  .strictObject({
    metric: z.enum(['conversions', 'payout', 'clicks'], {
      error: 'metric must be conversions (a count), payout (a budget) or clicks (a count)',
    }),
    period: z.enum(['day', 'month', 'total'], {
      error:
        'period must be day, month or total (days and months in the campaign time zone, UTC by default)',
    }),
    limit: moneyField('limit').openapi({
      description:
        'conversions and clicks: a whole number; payout: an amount in the campaign currency',
      example: 50,
    }),
    affiliate_id: affiliateScopeField(
      'Caps this affiliate on the campaign; absent or null: the whole campaign',
    ),
  })
  .superRefine((cap, ctx) => {
    // A limit the field already refused is not judged again (and is no decimal to convert).
    if (!isDecimal(cap.limit)) return;
    const units = toUnits(cap.limit);
    if (units <= 0n)
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        message: 'limit must be greater than 0 (remove the cap to lift it)',
      });
    else if (cap.metric !== 'payout' && units % 10_000n !== 0n) {
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        message: `limit of a ${cap.metric} cap must be a whole number`,
      });
    }
  })
  .openapi('CapInput', { example: { metric: 'conversions', period: 'day', limit: 50 } });

export type CapInput = z.output<typeof capInput>;

export const capsBody = z
  .strictObject({
    caps: z
      .array(capInput, {
        error: (issue) =>
          issue.input === undefined
            ? 'caps is required (an empty array removes every cap)'
            : 'caps must be an array of caps',
      })
      .max(MAX_CAPS, `caps must hold at most ${MAX_CAPS} caps`)
      .superRefine(
        uniqueScopes(
          (cap) =>
            `${cap.metric} per ${cap.period} for ${cap.affiliate_id ? `affiliate ${cap.affiliate_id}` : 'the campaign'}`,
          (first, i, what) => `caps ${first} and ${i} both limit ${what}: keep one`,
        ),
      )
      .openapi({
        description:
          'The whole set: it replaces the caps in force. An empty array removes them. Usage so far is kept.',
      }),
  })
  .openapi({
    example: {
      caps: [
        { metric: 'conversions', period: 'day', limit: 50 },
        { metric: 'payout', period: 'month', limit: '10000.00' },
        { metric: 'clicks', period: 'day', limit: 5000, affiliate_id: 7 },
      ],
    },
  });

const count = z.union([z.number().int(), z.string()]).openapi({
  description: 'A whole number for conversions and clicks; decimal text (4 places) for payout',
});

export const capJson = z.object({
  id: z.number().int(),
  metric: z.enum(['conversions', 'payout', 'clicks']),
  period: z.enum(['day', 'month', 'total']),
  limit: count,
  affiliate_id: z.number().int().nullable(),
  used: count.openapi({ description: 'Counted in the current period' }),
  remaining: count.openapi({ description: 'limit - used, never below 0' }),
  period_key: z
    .string()
    .openapi({ description: 'The current period: YYYY-MM-DD, YYYY-MM or total' }),
  resets_at: z
    .string()
    .nullable()
    .openapi({ description: 'When the current period ends (ISO 8601); null for total' }),
});

export const capsJson = z
  .object({
    campaign_id: z.number().int(),
    currency: z.string().openapi({ description: 'The currency of payout caps' }),
    time_zone: z.string().openapi({ description: 'The zone days and months are counted in' }),
    caps: z.array(capJson),
  })
  .openapi({
    example: {
      campaign_id: 3,
      currency: 'EUR',
      time_zone: 'Europe/Berlin',
      caps: [
        {
          id: 9,
          metric: 'conversions',
          period: 'day',
          limit: 50,
          affiliate_id: null,
          used: 12,
          remaining: 38,
          period_key: '2026-11-03',
          resets_at: '2026-11-03T23:00:00.000Z',
        },
        {
          id: 10,
          metric: 'payout',
          period: 'month',
          limit: '10000.0000',
          affiliate_id: null,
          used: '2450.5000',
          remaining: '7549.5000',
          period_key: '2026-11',
          resets_at: '2026-11-30T23:00:00.000Z',
        },
      ],
    },
  });
