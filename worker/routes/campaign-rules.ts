import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Campaign } from '../../drizzle/schema.ts';
import { isDuplicateKey } from '../db/errors.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { findRuleVersion, listRuleVersions, saveRuleVersion } from '../db/queries/routing-rules.ts';
import { toIso } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { publishCampaign } from '../config/read-model.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import { ruleProblems } from '../routing/check.ts';
import { previewRoute } from '../routing/preview.ts';
import { ruleSchema, rulesBody, type Rule, type RuleSet } from '../routing/schema.ts';
import { Visitor } from '../routing/visitor.ts';
import { campaignParams, findOr404, readableCampaign } from '../http/route-helpers.ts';
import { subField } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';

const versionQuery = z.object({
  version: z
    .string({ error: 'version must be given once, as a whole number' })
    .regex(/^[1-9][0-9]{0,8}$/, 'version must be a positive whole number')
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', description: 'An earlier version; default: the one in force' }),
});

const rulesJson = z.object({
  campaign_id: z.number().int(),
  version: z.number().int().openapi({ description: '0 when the campaign never had rules' }),
  rules: z.array(ruleSchema),
  versions: z.array(z.object({ version: z.number().int(), created_at: z.string() })),
});

const previewBody = z.strictObject({
  country: z
    .string({ error: 'country must be a 2-letter code' })
    .regex(/^[A-Za-z]{2}$/, 'country must be a 2-letter code such as US')
    .transform((s) => s.toUpperCase())
    .optional(),
  user_agent: z
    .string({ error: 'user_agent must be text' })
    .max(512, 'user_agent must be at most 512 characters')
    .optional(),
  accept_language: z
    .string({ error: 'accept_language must be text' })
    .max(256, 'accept_language must be at most 256 characters')
    .optional(),
  sub1: subField('sub1'),
  sub2: subField('sub2'),
  sub3: subField('sub3'),
  sub4: subField('sub4'),
  sub5: subField('sub5'),
});

const previewJson = z.object({
  rule_version: z.number().int().nullable(),
  rule: z.object({ index: z.number().int(), name: z.string() }).nullable(),
  action: z.enum(['landing', 'fallback', 'default']),
  variant_id: z.string().nullable(),
  url: z.string().nullable(),
  visitor: z.object({
    country: z.string().nullable(),
    language: z.string().nullable(),
    device: z.string(),
    os: z.string(),
    browser: z.string(),
  }),
  reasons: z.array(z.string()),
});

const getRulesRoute = createRoute({
  operationId: 'getCampaignRules',
  method: 'get',
  path: '/campaigns/{campaign_id}/rules',
  summary: "A campaign's routing rules (admin, or the campaign's advertiser)",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams, query: versionQuery },
  responses: { 200: { description: 'Rules', content: okContent(rulesJson) }, ...errorResponses },
});

const putRulesRoute = createRoute({
  operationId: 'replaceCampaignRules',
  method: 'put',
  path: '/campaigns/{campaign_id}/rules',
  summary: 'Replace the routing rules: saved as a new version (admin)',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: campaignParams, body: jsonBody(rulesBody) },
  responses: {
    200: { description: 'The new version', content: okContent(rulesJson) },
    ...errorResponses,
  },
});

const rulesPreviewRoute = createRoute({
  operationId: 'previewCampaignRules',
  method: 'post',
  path: '/campaigns/{campaign_id}/rules/preview',
  summary: "Which rule and URL a visitor would get, and why (admin, or the campaign's advertiser)",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams, body: jsonBody(previewBody) },
  responses: {
    200: { description: 'The routing decision', content: okContent(previewJson) },
    ...errorResponses,
  },
});

const mustFind = (c: Context<AppEnv>, id: number): Promise<Campaign> =>
  findOr404(findCampaign(c.var.db, id), `Campaign ${id}`);

async function ruleSet(
  c: Context<AppEnv>,
  campaign: Campaign,
  version = campaign.ruleVersion,
): Promise<RuleSet> {
  if (version === 0) return { version: 0, rules: [] };
  const row = await findRuleVersion(c.var.db, campaign.id, version);
  if (!row)
    throw new ApiError('not_found', `Campaign ${campaign.id} has no rules version ${version}`);
  return { version, rules: JSON.parse(row.rules) as Rule[] };
}

async function rulesAnswer(c: Context<AppEnv>, campaignId: number, set: RuleSet) {
  const versions = await listRuleVersions(c.var.db, campaignId);
  return {
    campaign_id: campaignId,
    version: set.version,
    rules: set.rules,
    versions: versions.map((v) => ({ version: v.version, created_at: toIso(v.createdAt) })),
  };
}

export function registerCampaignRuleRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(getRulesRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      const set = await ruleSet(c, campaign, c.req.valid('query').version);
      return c.json({ success: true as const, data: await rulesAnswer(c, campaign.id, set) }, 200);
    })
    .openapi(putRulesRoute, async (c) => {
      const { campaign_id } = c.req.valid('param');
      const { rules } = c.req.valid('json');
      const problems = ruleProblems(rules);
      if (problems.length)
        throw new ApiError(
          'bad_request',
          `Invalid rules: ${problems.map((p) => p.message).join('; ')}`,
          { issues: problems },
        );
      const campaign = await mustFind(c, campaign_id);
      const version = campaign.ruleVersion + 1;
      try {
        await saveRuleVersion(c.var.db, campaign_id, version, JSON.stringify(rules));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        throw new ApiError(
          'conflict',
          `Rules version ${version} was saved by another change at the same time; read the rules again and retry`,
        );
      }
      // The isolate that saved the rules uses them at once; the others within CONFIG_CACHE_SECONDS.
      await publishCampaign(c.var.config, await mustFind(c, campaign_id));
      return c.json(
        { success: true as const, data: await rulesAnswer(c, campaign_id, { version, rules }) },
        200,
      );
    })
    .openapi(rulesPreviewRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      const body = c.req.valid('json');
      const sub = [body.sub1, body.sub2, body.sub3, body.sub4, body.sub5].map((s) => s ?? null);
      const visitor = new Visitor({
        country: body.country ?? null,
        userAgent: body.user_agent ?? null,
        acceptLanguage: body.accept_language ?? null,
        sub,
      });
      const set = await ruleSet(c, campaign);
      // {click_id} and {affiliate_id} stay as they are: the preview has neither.
      const macros = {
        campaign_id: campaign.id,
        sub1: sub[0]!,
        sub2: sub[1]!,
        sub3: sub[2]!,
        sub4: sub[3]!,
        sub5: sub[4]!,
      };
      const preview = previewRoute(
        { ...campaign, rules: set.version ? set : null },
        visitor,
        c.var.settings.FALLBACK_URL ?? null,
        macros,
      );
      return c.json({ success: true as const, data: preview }, 200);
    });
}
