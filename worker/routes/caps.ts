import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Campaign, Cap } from '../../drizzle/schema.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { activeCaps, replaceCaps } from '../db/queries/money-rules.ts';
import { ApiError } from '../errors.ts';
import { countCapPeriod } from '../http/cap-period.ts';
import {
  campaignParams,
  findOr404,
  readableCampaign,
  refuseBodyIssues,
  unknownAffiliateIssues,
} from '../http/route-helpers.ts';
import { publishCampaign } from '../config/read-model.ts';
import { toUnits } from '../lib/money.ts';
import { logEvent } from '../lib/log.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import type { CapUsage } from '../money/cap-counter.ts';
import { capCounter, counterCap } from '../money/caps.ts';
import { fromUnits } from '../money/payout.ts';
import { zoneOf } from '../money/periods.ts';
import { capsBody, capsJson } from '../schemas/caps.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';

const getRoute = createRoute({
  operationId: 'getCaps',
  method: 'get',
  path: '/campaigns/{campaign_id}/caps',
  summary:
    "A campaign's caps with their usage in the current period (admin, or the campaign's advertiser)",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams },
  responses: {
    200: { description: 'The caps in force and their usage', content: okContent(capsJson) },
    ...errorResponses,
  },
});

const putRoute = createRoute({
  operationId: 'replaceCaps',
  method: 'put',
  path: '/campaigns/{campaign_id}/caps',
  summary:
    'Replace the caps (admin): conversions, payout budget or clicks, per day, month or total, campaign-wide or per affiliate',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: campaignParams, body: jsonBody(capsBody) },
  responses: {
    200: { description: 'The caps now in force and their usage', content: okContent(capsJson) },
    ...errorResponses,
  },
});

// Counts as JSON numbers, payout as exact decimal text.
function amount(cap: Cap, units: bigint): number | string {
  return cap.metric === 'payout' ? fromUnits(units) : Number(units);
}

async function usageOf(
  c: Context<AppEnv>,
  campaign: Campaign,
  caps: Cap[],
  timeZone: string,
): Promise<CapUsage[]> {
  if (caps.length === 0) return [];
  try {
    return await capCounter(c.env.CAPS, campaign.id).usage({
      caps: caps.map(counterCap),
      at: Date.now(),
      timeZone,
    });
  } catch (err) {
    logEvent('error', {
      msg: 'cap counter unavailable',
      campaignId: campaign.id,
      error: String(err),
    });
    throw new ApiError('service_unavailable', 'The cap counter is unavailable; try again shortly', {
      headers: { 'Retry-After': '5' },
    });
  }
}

async function capsAnswer(c: Context<AppEnv>, campaign: Campaign, caps: Cap[]) {
  const timeZone = zoneOf(campaign.timeZone);
  const usage = await usageOf(c, campaign, caps, timeZone);
  return {
    campaign_id: campaign.id,
    currency: campaign.currency,
    time_zone: timeZone,
    caps: caps.map((cap, i) => {
      const { used, periodKey, until } = usage[i]!;
      // Counter units: payout in 1/10000, counts as they are.
      const limit = cap.metric === 'payout' ? toUnits(cap.limit) : toUnits(cap.limit) / 10_000n;
      const left = limit - BigInt(used);
      return {
        id: cap.id,
        metric: cap.metric as 'conversions' | 'payout' | 'clicks',
        period: cap.period as 'day' | 'month' | 'total',
        limit: amount(cap, limit),
        affiliate_id: cap.affiliateId,
        used: amount(cap, BigInt(used)),
        remaining: amount(cap, left < 0n ? 0n : left),
        period_key: periodKey,
        resets_at: until === null ? null : new Date(until).toISOString(),
      };
    }),
  };
}

export function registerCapRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(getRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      return c.json(
        {
          success: true as const,
          data: await capsAnswer(c, campaign, await activeCaps(c.var.db, campaign.id)),
        },
        200,
      );
    })
    .openapi(putRoute, async (c) => {
      const { campaign_id } = c.req.valid('param');
      const { caps } = c.req.valid('json');
      const campaign = await findOr404(
        findCampaign(c.var.db, campaign_id),
        `Campaign ${campaign_id}`,
      );
      refuseBodyIssues(await unknownAffiliateIssues(c, 'caps', caps));
      const rows = caps.map((cap) => ({
        metric: cap.metric,
        period: cap.period,
        limit: cap.limit,
        affiliateId: cap.affiliate_id ?? null,
      }));
      if (!(await replaceCaps(c.var.db, campaign_id, rows)))
        throw new ApiError('not_found', `Campaign ${campaign_id} not found`);
      // Tracking links and /postback read the caps from the published copy.
      await publishCampaign(c.var.config, campaign);
      const saved = await activeCaps(c.var.db, campaign_id);
      // A cap saved mid-period counts what the period already holds.
      await countCapPeriod(c, campaign, saved, {
        what: 'The caps were saved and are in force',
        retry: 'save the same caps again',
      });
      return c.json({ success: true as const, data: await capsAnswer(c, campaign, saved) }, 200);
    });
}
