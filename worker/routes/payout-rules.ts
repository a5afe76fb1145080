import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Campaign } from '../../drizzle/schema.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { activePayoutRules, replacePayoutRules } from '../db/queries/money-rules.ts';
import { ApiError, type ErrorIssue } from '../errors.ts';
import {
  campaignParams,
  findOr404,
  readableCampaign,
  refuseBodyIssues,
  unknownAffiliateIssues,
} from '../http/route-helpers.ts';
import { publishCampaign, type PayoutRuleConfig } from '../config/read-model.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import { computePayout, specificity, winningRule } from '../money/payout.ts';
import {
  PRECEDENCE,
  payoutRulesBody,
  payoutRulesJson,
  previewJson,
  previewQuery,
  type PayoutRuleInput,
} from '../schemas/payout-rules.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';

const getRoute = createRoute({
  operationId: 'getPayoutRules',
  method: 'get',
  path: '/campaigns/{campaign_id}/payout-rules',
  summary: "A campaign's payout rules and their precedence (admin, or the campaign's advertiser)",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams },
  responses: {
    200: { description: 'The rules in force', content: okContent(payoutRulesJson) },
    ...errorResponses,
  },
});

const putRoute = createRoute({
  operationId: 'replacePayoutRules',
  method: 'put',
  path: '/campaigns/{campaign_id}/payout-rules',
  summary:
    'Replace the payout rules (admin): CPA pays a fixed amount, RevShare a percentage of the amount; later conversions only',
  ...bearerSecurity,
  description:
    'Worked examples. CPA: `{"type":"cpa","value":"12.50","affiliate_id":7,"event":"deposit"}` pays 12.50 (campaign currency) for each ' +
    'deposit of affiliate 7, whatever the amount. RevShare: `{"type":"revshare","value":"30"}` pays 30% of the reported amount: a ' +
    'conversion of 149.90 pays 44.9700 (4 decimals, half up). ' +
    PRECEDENCE,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: campaignParams, body: jsonBody(payoutRulesBody) },
  responses: {
    200: { description: 'The rules now in force', content: okContent(payoutRulesJson) },
    ...errorResponses,
  },
});

const previewRoute = createRoute({
  operationId: 'previewPayout',
  method: 'get',
  path: '/campaigns/{campaign_id}/payout-rules/preview',
  summary:
    "Which rule would price a conversion, and the payout (admin, or the campaign's advertiser)",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: campaignParams, query: previewQuery },
  responses: {
    200: { description: 'The winning rule and payout', content: okContent(previewJson) },
    ...errorResponses,
  },
});

function ruleToJson(rule: PayoutRuleConfig) {
  return {
    id: rule.id,
    type: rule.type as 'cpa' | 'revshare',
    value: rule.value,
    currency: rule.currency,
    affiliate_id: rule.affiliateId,
    country: rule.country,
    event: rule.event,
    specificity: specificity(rule),
  };
}

async function rulesAnswer(c: Context<AppEnv>, campaign: Campaign) {
  const rules = await activePayoutRules(c.var.db, campaign.id);
  return {
    campaign_id: campaign.id,
    currency: campaign.currency,
    default_payout: campaign.defaultPayout,
    precedence: PRECEDENCE,
    rules: rules.map(ruleToJson),
  };
}

// What the schema cannot know: the campaign's currency and which affiliates exist.
async function ruleProblems(
  c: Context<AppEnv>,
  campaign: Campaign,
  rules: PayoutRuleInput[],
): Promise<ErrorIssue[]> {
  const currencyIssues = rules.flatMap((rule, i) =>
    rule.currency !== undefined && rule.currency !== campaign.currency
      ? [
          {
            path: `rules.${i}.currency`,
            message: `rules.${i}.currency must be the campaign's currency ${campaign.currency} (or left out): payouts are paid in it`,
          },
        ]
      : [],
  );
  return [...currencyIssues, ...(await unknownAffiliateIssues(c, 'rules', rules))];
}

export function registerPayoutRuleRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(getRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      return c.json({ success: true as const, data: await rulesAnswer(c, campaign) }, 200);
    })
    .openapi(putRoute, async (c) => {
      const { campaign_id } = c.req.valid('param');
      const { rules } = c.req.valid('json');
      const campaign = await findOr404(
        findCampaign(c.var.db, campaign_id),
        `Campaign ${campaign_id}`,
      );
      refuseBodyIssues(await ruleProblems(c, campaign, rules));
      const rows = rules.map((r) => ({
        type: r.type,
        value: r.value,
        currency: campaign.currency,
        affiliateId: r.affiliate_id ?? null,
        country: r.country ?? null,
        event: r.event ?? null,
      }));
      if (!(await replacePayoutRules(c.var.db, campaign_id, rows)))
        throw new ApiError('not_found', `Campaign ${campaign_id} not found`);
      // The edge and /postback price with the published copy: this isolate at once, the others within CONFIG_CACHE_SECONDS.
      await publishCampaign(c.var.config, campaign);
      return c.json({ success: true as const, data: await rulesAnswer(c, campaign) }, 200);
    })
    .openapi(previewRoute, async (c) => {
      const campaign = await readableCampaign(c, c.req.valid('param').campaign_id);
      const q = c.req.valid('query');
      const payoutRules = await activePayoutRules(c.var.db, campaign.id);
      // Affiliate 0 exists nowhere, so without affiliate_id no affiliate rule matches.
      const facts = {
        affiliateId: q.affiliate_id ?? 0,
        country: q.country ?? null,
        event: q.event ?? 'conversion',
        amount: q.amount ?? '0',
      };
      const rule = winningRule(payoutRules, facts);
      if (rule?.type === 'revshare' && q.amount === undefined) {
        throw new ApiError(
          'bad_request',
          `amount is required: the winning rule ${rule.id} is revshare (${rule.value}% of the amount)`,
          {
            issues: [{ path: 'amount', message: 'amount is required when a revshare rule wins' }],
          },
        );
      }
      const { payout } = computePayout(
        { payoutRules, defaultPayout: campaign.defaultPayout },
        facts,
      );
      const data = {
        rule: rule ? ruleToJson(rule) : null,
        payout,
        currency: campaign.currency,
        specificity: rule ? specificity(rule) : null,
      };
      return c.json({ success: true as const, data }, 200);
    });
}
