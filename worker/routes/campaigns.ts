import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { findAdvertiser } from '../db/queries/advertisers.ts';
import { activeCaps, activePayoutRules } from '../db/queries/money-rules.ts';
import {
  findCampaign,
  insertCampaign,
  listCampaigns,
  updateCampaign,
} from '../db/queries/campaigns.ts';
import { ApiError } from '../errors.ts';
import { countCapPeriod } from '../http/cap-period.ts';
import { campaignParams, findOr404, readableCampaign } from '../http/route-helpers.ts';
import { isHttpUrlTemplate } from '../lib/macros.ts';
import { publishCampaign } from '../config/read-model.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import { zoneOf } from '../money/periods.ts';
import { currencyField, nullableMoneyField, textField, timeZoneField } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';
import { affiliateCampaignJson, campaignJson, campaignToJson } from '../serializers/campaign.ts';

const offerUrl = z
  .string({ error: 'offer_url must be a URL or null' })
  .max(2048, 'offer_url must be at most 2048 characters')
  .refine(
    isHttpUrlTemplate,
    'offer_url must be an http(s) URL; macros {click_id}, {affiliate_id}, {campaign_id}, {sub1}..{sub5} are filled in',
  )
  .nullable();

const fallbackUrl = z
  .string({ error: 'fallback_url must be a URL or null' })
  .max(2048, 'fallback_url must be at most 2048 characters')
  .refine(
    (url) => isHttpUrlTemplate(url) && !/[{}]/.test(url),
    'fallback_url must be an http(s) URL without macros',
  )
  .nullable();

const campaignFields = {
  name: textField('name', 100),
  offer_url: offerUrl.optional(),
  fallback_url: fallbackUrl.optional(),
  default_payout: nullableMoneyField('default_payout').optional(),
  currency: currencyField.optional(),
  attribution_window_days: z
    .number({ error: 'attribution_window_days must be a number' })
    .int('attribution_window_days must be whole days')
    .min(1, 'attribution_window_days must be at least 1')
    .max(365, 'attribution_window_days must be at most 365')
    .optional(),
  status: z.enum(['active', 'paused'], { error: 'status must be active or paused' }).optional(),
  min_ctit_seconds: z
    .number({ error: 'min_ctit_seconds must be a number of seconds or null' })
    .int('min_ctit_seconds must be whole seconds')
    .min(1, 'min_ctit_seconds must be at least 1 (or null for no minimum)')
    .max(86_400, 'min_ctit_seconds must be at most 86400 (one day)')
    .nullable()
    .optional(),
  quality_threshold: z
    .number({ error: 'quality_threshold must be a number from 0 to 100' })
    .int('quality_threshold must be a whole number')
    .min(0, 'quality_threshold must be from 0 to 100')
    .max(100, 'quality_threshold must be from 0 to 100')
    .optional(),
  advertiser_id: z
    .number({ error: 'advertiser_id must be the id of an existing advertiser' })
    .int('advertiser_id must be a whole number')
    .min(1, 'advertiser_id must be a positive integer')
    .max(2147483647, 'advertiser_id is too large')
    .optional()
    .openapi({
      description: 'The owning advertiser (default 1, the default advertiser); it must exist',
    }),
  affiliate_postbacks: z
    .enum(['pending', 'refused'], { error: 'affiliate_postbacks must be pending or refused' })
    .optional()
    .openapi({
      description:
        "pending (default): a postback with an affiliate's own secret records a pending conversion; refused: it is refused",
    }),
  time_zone: timeZoneField.optional(),
};

const createBody = z.strictObject(campaignFields);
const updateBody = z.strictObject({ ...campaignFields, name: campaignFields.name.optional() });

const listRoute = createRoute({
  operationId: 'listCampaigns',
  method: 'get',
  path: '/campaigns',
  summary:
    'Campaigns: all for the admin, its own for an advertiser, the active ones for an affiliate',
  description:
    'The admin and an advertiser get Campaign rows; an affiliate gets AffiliateCampaign rows, without fraud thresholds (min_ctit_seconds, quality_threshold), offer and fallback URLs or the advertiser.',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: {
      description: 'Campaigns, in the view of the caller',
      content: okContent(z.union([z.array(campaignJson), z.array(affiliateCampaignJson)])),
    },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  operationId: 'getCampaign',
  method: 'get',
  path: '/campaigns/{campaign_id}',
  summary: 'One campaign (admin, or the advertiser that owns it)',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams },
  responses: {
    200: { description: 'Campaign', content: okContent(campaignJson) },
    ...errorResponses,
  },
});

const createCampaignRoute = createRoute({
  operationId: 'createCampaign',
  method: 'post',
  path: '/campaigns',
  summary: 'Create a campaign (admin)',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { body: jsonBody(createBody) },
  responses: {
    201: { description: 'Created', content: okContent(campaignJson) },
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  operationId: 'updateCampaign',
  method: 'patch',
  path: '/campaigns/{campaign_id}',
  summary: 'Update a campaign (admin)',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: campaignParams, body: jsonBody(updateBody) },
  responses: {
    200: { description: 'Updated', content: okContent(campaignJson) },
    ...errorResponses,
  },
});

type CampaignBody = z.output<typeof updateBody>;

function columns(body: CampaignBody) {
  return {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.offer_url !== undefined && { offerUrl: body.offer_url }),
    ...(body.fallback_url !== undefined && { fallbackUrl: body.fallback_url }),
    ...(body.default_payout !== undefined && { defaultPayout: body.default_payout }),
    ...(body.currency !== undefined && { currency: body.currency }),
    ...(body.attribution_window_days !== undefined && {
      attributionWindowDays: body.attribution_window_days,
    }),
    ...(body.status !== undefined && { status: body.status }),
    ...(body.min_ctit_seconds !== undefined && { minCtitSeconds: body.min_ctit_seconds }),
    ...(body.quality_threshold !== undefined && { qualityThreshold: body.quality_threshold }),
    ...(body.advertiser_id !== undefined && { advertiserId: body.advertiser_id }),
    ...(body.affiliate_postbacks !== undefined && { affiliatePostbacks: body.affiliate_postbacks }),
    ...(body.time_zone !== undefined && { timeZone: body.time_zone }),
  };
}

// A campaign names an advertiser that exists: its postbacks are checked against that advertiser's credentials.
async function assertAdvertiserExists(
  c: Context<AppEnv>,
  advertiserId: number | undefined,
): Promise<void> {
  if (advertiserId === undefined || (await findAdvertiser(c.var.db, advertiserId))) return;
  const message = `advertiser_id ${advertiserId} is not an existing advertiser`;
  throw new ApiError('bad_request', `Invalid body field: ${message}`, {
    issues: [{ path: 'advertiser_id', message }],
  });
}

export function registerCampaignRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(listRoute, async (c) => {
      const p = c.var.principal;
      const rows = await listCampaigns(
        c.var.db,
        p.role === 'advertiser' ? p.advertiserId : undefined,
      );
      // An affiliate sees what it can send traffic to; the owner and the admin see paused campaigns too.
      if (p.role === 'affiliate') {
        const active = rows.filter((r) => r.status === 'active');
        return c.json({ success: true as const, data: active.map(campaignToJson.affiliate) }, 200);
      }
      return c.json({ success: true as const, data: rows.map(campaignToJson.network) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      return c.json({ success: true as const, data: campaignToJson.network(campaign) }, 200);
    })
    .openapi(createCampaignRoute, async (c) => {
      const body = c.req.valid('json');
      await assertAdvertiserExists(c, body.advertiser_id);
      const id = await insertCampaign(c.var.db, { name: body.name, ...columns(body) });
      const campaign = await findOr404(findCampaign(c.var.db, id), `Campaign ${id}`);
      await publishCampaign(c.var.config, campaign);
      return c.json({ success: true as const, data: campaignToJson.network(campaign) }, 201);
    })
    .openapi(updateRoute, async (c) => {
      const { campaign_id } = c.req.valid('param');
      const current = await findOr404(
        findCampaign(c.var.db, campaign_id),
        `Campaign ${campaign_id}`,
      );
      const body = c.req.valid('json');
      await assertAdvertiserExists(c, body.advertiser_id);
      // Payout rules are amounts in the campaign's currency: a new currency would silently re-denominate them.
      if (
        body.currency !== undefined &&
        body.currency !== current.currency &&
        (await activePayoutRules(c.var.db, campaign_id)).length > 0
      ) {
        throw new ApiError(
          'conflict',
          `Campaign ${campaign_id} has payout rules in ${current.currency}: replace them (PUT /campaigns/${campaign_id}/payout-rules with an empty list) before changing its currency`,
        );
      }
      const changes = columns(body);
      if (Object.keys(changes).length) await updateCampaign(c.var.db, campaign_id, changes);
      const campaign = await findOr404(
        findCampaign(c.var.db, campaign_id),
        `Campaign ${campaign_id}`,
      );
      await publishCampaign(c.var.config, campaign);
      // Days and months are other spans in another zone: their counters start from what is stored.
      if (zoneOf(campaign.timeZone) !== zoneOf(current.timeZone))
        await countCapPeriod(c, campaign, await activeCaps(c.var.db, campaign_id), {
          what: 'The time zone was saved and is in force',
          retry: `save the campaign's caps again (PUT /campaigns/${campaign_id}/caps)`,
        });
      return c.json({ success: true as const, data: campaignToJson.network(campaign) }, 200);
    });
}
