import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { listCampaigns } from '../db/queries/campaigns.ts';
import { listOutgoingPostbacks } from '../db/queries/outgoing-postbacks.ts';
import { toIso } from '../db/time.ts';
import { affiliateParams, publicBase, readableAffiliate } from '../http/route-helpers.ts';
import { postbackUrl } from '../lib/postback-url.ts';
import { postbackSecret } from '../lib/secrets.ts';
import { requireAuth } from '../middleware/auth.ts';
import { bearerSecurity, errorResponses, okContent } from '../schemas/responses.ts';

const postbackMacros = {
  '{click_id}': 'The click id your tracking link passed to the advertiser (required)',
  '{amount}': 'Revenue of the conversion, e.g. 49.90',
  '{currency}': 'ISO 4217 code, e.g. USD',
  '{txid}': "The advertiser's transaction id: replays of the same txid are counted once",
};

const linksSchema = z.object({
  affiliate_id: z.number().int(),
  postback_url: z.string(),
  postback_secret: z.string(),
  macros: z.record(z.string(), z.string()),
  optional_parameters: z.record(z.string(), z.string()),
  tracking_links: z.array(
    z.object({
      campaign_id: z.number().int(),
      campaign_name: z.string(),
      url: z.string(),
      click_url: z.string(),
    }),
  ),
});

const linksRoute = createRoute({
  operationId: 'getAffiliatePostbackUrl',
  method: 'get',
  path: '/affiliates/{affiliate_id}/postback-url',
  summary: "The affiliate's unique postback URL and tracking links",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: affiliateParams },
  responses: {
    200: { description: 'Postback URL and links', content: okContent(linksSchema) },
    ...errorResponses,
  },
});

const outgoingPostbacksRoute = createRoute({
  operationId: 'listOutgoingPostbacks',
  method: 'get',
  path: '/affiliates/{affiliate_id}/outgoing-postbacks',
  summary: "The affiliate's outgoing postbacks, one row per attempt",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: affiliateParams },
  responses: {
    200: {
      description: 'Newest first, up to 200 attempts',
      content: okContent(
        z.array(
          z.object({
            id: z.number(),
            conversion_id: z.number(),
            url: z.string(),
            url_length: z.number(),
            status_code: z.number().nullable(),
            error: z.string().nullable(),
            attempt: z.number(),
            timestamp: z.string(),
          }),
        ),
      ),
    },
    ...errorResponses,
  },
});

export function registerAffiliateLinkRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(linksRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      const affiliate = await readableAffiliate(c, affiliate_id);
      const secret = await postbackSecret(
        c.var.settings.TRACKER_SECRET,
        affiliate.id,
        affiliate.postbackSecretVersion,
      );
      const base = publicBase(c);
      const campaigns = (await listCampaigns(c.var.db)).filter((k) => k.status === 'active');
      return c.json(
        {
          success: true as const,
          data: {
            affiliate_id: affiliate.id,
            postback_url: postbackUrl(base, affiliate.id, secret),
            postback_secret: secret,
            macros: postbackMacros,
            // Only what this URL's postbacks may set: their status is pending until confirmed, and the
            // payout comes from the campaign's payout rules (decisions.ts refuses both).
            optional_parameters: {
              event: 'Goal name, default "conversion"; each event counts separately',
            },
            tracking_links: campaigns.map((k) => ({
              campaign_id: k.id,
              campaign_name: k.name,
              url: `${base}/c/${k.id}/${affiliate.id}`,
              click_url: `${base}/click?affiliate_id=${affiliate.id}&campaign_id=${k.id}`,
            })),
          },
        },
        200,
      );
    })
    .openapi(outgoingPostbacksRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      await readableAffiliate(c, affiliate_id);
      const rows = await listOutgoingPostbacks(c.var.db, affiliate_id, 200);
      return c.json(
        {
          success: true as const,
          data: rows.map((d) => ({
            id: d.id,
            conversion_id: d.conversionId,
            url: d.url,
            url_length: d.urlLength ?? d.url.length,
            status_code: d.statusCode,
            error: d.error,
            attempt: d.attempt,
            timestamp: toIso(d.timestamp),
          })),
        },
        200,
      );
    });
}
