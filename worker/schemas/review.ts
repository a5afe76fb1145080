import { z } from '@hono/zod-openapi';
import { cursorField, limitField } from '../http/page.ts';
import { REASON_CODES } from '../money/reasons.ts';
import { rangeQuery } from '../reports/range.ts';
import { idParam } from './fields.ts';

// Conversion ids are 64-bit: any positive integer JavaScript holds exactly.
export const conversionIdParam = z.object({
  conversion_id: z
    .string({ error: 'conversion_id must be given once, as a positive integer' })
    .regex(/^[1-9][0-9]{0,15}$/, 'conversion_id must be a positive integer')
    .transform(Number)
    .refine(Number.isSafeInteger, 'conversion_id is too large')
    .openapi({ type: 'integer', example: 1 }),
});

export const conversionStatus = z.enum(['approved', 'pending', 'rejected'], {
  error: (issue) =>
    issue.input === undefined
      ? 'status is required'
      : 'status must be approved, pending or rejected',
});

export const reasonCode = z.enum(REASON_CODES, {
  error: `reason must be one of the reason codes: ${REASON_CODES.join(', ')}`,
});

// Free text for the history; line breaks are fine, other control characters are not.
const noteField = z
  .string({ error: 'note must be text' })
  .max(500, 'note must be at most 500 characters')
  .regex(
    /^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/,
    'note must not contain control characters other than line breaks and tabs',
  )
  .nullable()
  .optional();

const decisionFields = {
  status: conversionStatus,
  reason: reasonCode
    .optional()
    .openapi({ description: 'Why (a reason code); manual when left out' }),
  note: noteField.openapi({
    description: 'Kept in the conversion history, at most 500 characters',
  }),
};

export const reviewBody = z.strictObject(decisionFields);

export const MAX_BULK_REVIEW = 500;

const conversionIdItem = z
  .number({ error: 'ids must hold conversion ids (numbers)' })
  .int('ids must hold whole numbers')
  .min(1, 'ids must hold positive conversion ids')
  .max(Number.MAX_SAFE_INTEGER, 'ids holds an id that is too large');

export const bulkReviewBody = z.strictObject({
  ids: z
    .array(conversionIdItem, {
      error: (issue) =>
        issue.input === undefined ? 'ids is required' : 'ids must be a list of conversion ids',
    })
    .min(1, 'ids needs at least one conversion id')
    .max(
      MAX_BULK_REVIEW,
      `ids holds at most ${MAX_BULK_REVIEW} conversion ids per request: send the rest in another`,
    )
    .refine(
      (ids) => new Set(ids).size === ids.length,
      'ids lists a conversion twice: send each id once',
    ),
  ...decisionFields,
});

export const networkListQuery = rangeQuery.extend({
  status: conversionStatus.optional(),
  reason: reasonCode.optional(),
  campaign_id: idParam('campaign_id').optional(),
  affiliate_id: idParam('affiliate_id').optional(),
  advertiser_id: idParam('advertiser_id')
    .optional()
    .openapi({ description: "Admin only: one advertiser's campaigns" }),
  cursor: cursorField,
  limit: limitField(500),
});
