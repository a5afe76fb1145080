import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { listPostbackLog } from '../db/queries/postback-log.ts';
import { cursorField, decodeCursor, limitField, nextCursor, pageJson } from '../http/page.ts';
import { forReviewers } from '../http/route-helpers.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { assertAdvertiserFilter, reviewerOf } from '../http/review-access.ts';
import { clickIdField, idParam } from '../schemas/fields.ts';
import { errorResponses } from '../schemas/responses.ts';
import { reasonCode } from '../schemas/review.ts';
import { postbackLogItem, postbackLogToJson } from '../serializers/postback-log.ts';

const logQuery = rangeQuery.extend({
  outcome: z
    .enum(['created', 'duplicate', 'status_changed', 'queued', 'refused'], {
      error: 'outcome must be created, duplicate, status_changed, queued or refused',
    })
    .optional(),
  reason: reasonCode.optional(),
  click_id: clickIdField.optional(),
  campaign_id: idParam('campaign_id').optional(),
  affiliate_id: idParam('affiliate_id').optional(),
  advertiser_id: idParam('advertiser_id')
    .optional()
    .openapi({ description: "Admin only: one advertiser's attempts" }),
  cursor: cursorField,
  limit: limitField(500),
});

const listRoute = createRoute({
  operationId: 'listPostbackLog',
  method: 'get',
  path: '/postback-log',
  ...forReviewers('The postback log'),
  summary:
    'Every postback attempt, accepted or refused, newest first (admin: all; advertiser: its own)',
  description:
    '"Why didn\'t my conversion count?": each attempt with its outcome, HTTP status, reason code, the message the sender got, the credential kind and the parameters as sent (secrets redacted). ' +
    "Written through a queue, so an attempt shows up a few seconds after it was made. An advertiser sees the attempts on its own campaigns, refused ones included once the sender's credential held for the click (an affiliate's status=approved, a payout, a replay against the network's decision), with campaign, affiliate and conversion. " +
    "An attempt whose credential did not hold, or whose click was never identified, belongs to no advertiser (unless it came with that advertiser's own valid token) and only the admin sees it. " +
    'Entries are kept POSTBACK_LOG_DAYS days (30 by default). When a flood of refused postbacks hits one worker instance, it records the first 60 per 10 seconds one by one and one entry saying how many more were not recorded. ' +
    'Dates are UTC days; the default range is the last 30 days.',
  request: { query: logQuery },
  responses: {
    200: {
      description: 'A page of attempts',
      content: { 'application/json': { schema: pageJson(postbackLogItem) } },
    },
    ...errorResponses,
  },
});

export function registerPostbackLogRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(listRoute, async (c) => {
    const reviewer = reviewerOf(c);
    const q = c.req.valid('query');
    assertAdvertiserFilter(reviewer, q.advertiser_id);
    const limit = q.limit ?? 100;
    const rows = await listPostbackLog(c.var.db, {
      advertiserId: reviewer.role === 'advertiser' ? reviewer.advertiserId : q.advertiser_id,
      outcome: q.outcome,
      reason: q.reason,
      clickId: q.click_id,
      campaignId: q.campaign_id,
      affiliateId: q.affiliate_id,
      ...rangeBounds(resolveRange(q)),
      limit,
      cursor: decodeCursor(q.cursor),
    });
    const page = rows.map((r) => ({ timestamp: r.receivedAt, id: r.id }));
    return c.json(
      {
        success: true as const,
        data: rows.map(postbackLogToJson),
        next_cursor: nextCursor(page, limit),
      },
      200,
    );
  });
}
