import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { advertisersOfCampaigns, campaignIdsOfAdvertiser } from '../db/queries/campaign-owners.ts';
import { listHistory } from '../db/queries/history.ts';
import { listNetworkConversions } from '../db/queries/review.ts';
import { decodeCursor, nextCursor, pageJson } from '../http/page.ts';
import { forReviewers } from '../http/route-helpers.ts';
import { conversionEvent, type LiveEvent } from '../live/events.ts';
import { publishLive } from '../live/publish.ts';
import { rangeBounds, resolveRange } from '../reports/range.ts';
import {
  assertAdvertiserFilter,
  campaignScope,
  reviewableConversion,
  reviewerOf,
} from '../http/review-access.ts';
import { reviewConversion, reviewMany } from '../review/review.ts';
import { errorResponses, jsonBody, okContent } from '../schemas/responses.ts';
import {
  bulkReviewBody,
  conversionIdParam,
  MAX_BULK_REVIEW,
  networkListQuery,
  reviewBody,
} from '../schemas/review.ts';
import {
  advertiserConversionJson,
  conversionToJson,
  networkConversionJson,
} from '../serializers/conversion.ts';
import { historyEntry, historyToJson } from '../serializers/conversion-history.ts';

// The admin gets NetworkConversion rows, an advertiser AdvertiserConversion rows (no affiliate payout).
const reviewedConversion = z.union([networkConversionJson, advertiserConversionJson]);

// Every conversion route is the admin's, or an advertiser's for its own campaigns.
const reviewers = forReviewers('Conversion review');

const listRoute = createRoute({
  operationId: 'listConversions',
  method: 'get',
  path: '/conversions',
  ...reviewers,
  summary: "Conversions across affiliates, newest first (admin: all; advertiser: its campaigns')",
  description:
    "The admin gets NetworkConversion rows; an advertiser gets AdvertiserConversion rows, without the affiliate's payout. " +
    'With status=pending this is the review queue: conversions held for review (reason ctit_too_short, suspicious_click, duplicate_visitor, affiliate_reported) ' +
    'and, with status=rejected&reason=cap_reached, the ones a cap refused. Dates are UTC days; the default range is the last 30 days.',
  request: { query: networkListQuery },
  responses: {
    200: {
      description: 'A page of conversions',
      content: { 'application/json': { schema: pageJson(reviewedConversion) } },
    },
    ...errorResponses,
  },
});

const reviewRoute = createRoute({
  operationId: 'reviewConversion',
  method: 'patch',
  path: '/conversions/{conversion_id}',
  ...reviewers,
  summary: 'Approve, reject or hold one conversion (admin, or the advertiser owning its campaign)',
  description:
    'Sets the status with a reason code (manual when left out) and an optional note, appended to the history. ' +
    'The admin reviewing the status a conversion already has is recorded (result: confirmed: history and note, binding like every network decision); ' +
    'an advertiser doing so changes nothing (result: unchanged). ' +
    "An advertiser cannot change a status the network (admin) decided: 403. Another advertiser's conversion is 404. " +
    'Approving a conversion a full cap rejected is refused with 409 (reason cap_reached).',
  request: { params: conversionIdParam, body: jsonBody(reviewBody) },
  responses: {
    200: {
      description: 'The conversion after the review',
      content: {
        'application/json': {
          schema: z.object({
            success: z.literal(true),
            data: reviewedConversion,
            result: z.enum(['updated', 'confirmed', 'unchanged']),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const bulkResult = z.object({
  updated: z.array(z.number().int()),
  confirmed: z
    .array(z.number().int())
    .openapi({ description: 'Already in the status the admin reviewed: the decision is recorded' }),
  unchanged: z.array(z.number().int()),
  not_found: z
    .array(z.number().int())
    .openapi({ description: "Ids that do not exist, or belong to another advertiser's campaigns" }),
  refused: z
    .array(z.object({ id: z.number().int(), reason: z.string().nullable(), message: z.string() }))
    .openapi({
      description:
        'Conversions left as they were, with why: decided by the network (status_locked) or held by a full cap (cap_reached)',
    }),
});

const bulkRoute = createRoute({
  operationId: 'reviewConversions',
  method: 'post',
  path: '/conversions/review',
  ...reviewers,
  summary: `Approve, reject or hold up to ${MAX_BULK_REVIEW} conversions at once`,
  description:
    'Each id is reviewed as PATCH /conversions/{id} would, and reported in exactly one list.',
  request: { body: jsonBody(bulkReviewBody) },
  responses: {
    200: { description: 'What happened to each id', content: okContent(bulkResult) },
    ...errorResponses,
  },
});

const historyRoute = createRoute({
  operationId: 'getConversionHistory',
  method: 'get',
  path: '/conversions/{conversion_id}/history',
  ...reviewers,
  summary: "A conversion's status history, oldest first",
  description:
    'Every status change: when, from, to, reason, note and the kind of credential (admin, advertiser, affiliate, rules; never a secret). ' +
    'The first entry is the conversion being recorded, derived from the conversion itself (recording writes no history row, so a postback stays at two database round trips): ' +
    'at is its created_at, from_status is null and to_status the status it was recorded with. Its reason and credential_kind are the ' +
    "conversion's own while the status never changed, and null once it has (the later entries say who changed what).",
  request: { params: conversionIdParam },
  responses: {
    200: { description: 'History entries', content: okContent(z.array(historyEntry)) },
    ...errorResponses,
  },
});

export function registerConversionRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(listRoute, async (c) => {
      const reviewer = reviewerOf(c);
      const q = c.req.valid('query');
      assertAdvertiserFilter(reviewer, q.advertiser_id);
      const scope =
        q.advertiser_id !== undefined
          ? await campaignIdsOfAdvertiser(c.var.db, q.advertiser_id)
          : await campaignScope(c, reviewer);
      const limit = q.limit ?? 100;
      const rows = await listNetworkConversions(c.var.db, {
        campaignIds: scope,
        campaignId: q.campaign_id,
        affiliateId: q.affiliate_id,
        status: q.status,
        reason: q.reason,
        ...rangeBounds(resolveRange(q)),
        limit,
        cursor: decodeCursor(q.cursor),
      });
      const owners =
        reviewer.role === 'advertiser' || q.advertiser_id !== undefined
          ? new Map(
              rows.map((r) => [
                r.campaignId,
                reviewer.role === 'advertiser' ? reviewer.advertiserId : q.advertiser_id!,
              ]),
            )
          : await advertisersOfCampaigns(
              c.var.db,
              rows.map((r) => r.campaignId),
            );
      const data = rows.map((r) =>
        conversionToJson.reviewed(reviewer.role, r, owners.get(r.campaignId) ?? null),
      );
      return c.json({ success: true as const, data, next_cursor: nextCursor(rows, limit) }, 200);
    })
    .openapi(reviewRoute, async (c) => {
      const reviewer = reviewerOf(c);
      const { conversion_id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { conversion, advertiserId } = await reviewableConversion(c, reviewer, conversion_id);
      const { result, conversion: after } = await reviewConversion(
        c.var.services.review,
        reviewer,
        conversion,
        {
          status: body.status,
          reason: body.reason ?? 'manual',
          note: body.note ?? null,
        },
      );
      // Open dashboards refetch; a failed live publish never fails the review.
      if (result === 'updated')
        c.executionCtx.waitUntil(publishLive(c.env, conversionEvent(after, 'status_changed')));
      return c.json(
        {
          success: true as const,
          data: conversionToJson.reviewed(reviewer.role, after, advertiserId),
          result,
        },
        200,
      );
    })
    .openapi(bulkRoute, async (c) => {
      const reviewer = reviewerOf(c);
      const body = c.req.valid('json');
      const scope = await campaignScope(c, reviewer);
      const events: LiveEvent[] = [];
      const decision = {
        status: body.status,
        reason: body.reason ?? 'manual',
        note: body.note ?? null,
      };
      const data = await reviewMany(
        c.var.services.review,
        reviewer,
        body.ids,
        scope,
        decision,
        (moved) => events.push(...conversionEvent(moved, 'status_changed')),
      );
      c.executionCtx.waitUntil(publishLive(c.env, events));
      return c.json({ success: true as const, data }, 200);
    })
    .openapi(historyRoute, async (c) => {
      const reviewer = reviewerOf(c);
      const { conversion_id } = c.req.valid('param');
      const { conversion } = await reviewableConversion(c, reviewer, conversion_id);
      const rows = await listHistory(c.var.db, conversion.id);
      return c.json({ success: true as const, data: historyToJson(conversion, rows) }, 200);
    });
}
