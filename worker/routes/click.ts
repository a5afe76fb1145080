import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import type { AppEnv } from '../app-env.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { findClick, ingestClicks } from '../db/queries/clicks.ts';
import { toIso } from '../db/time.ts';
import type { ClickMessage } from '../queue/messages.ts';
import { ApiError } from '../errors.ts';
import { generateClickId, looksSigned, verifyClickId } from '../lib/click-id.ts';
import { randomToken } from '../lib/crypto.ts';
import { fillMacros } from '../lib/macros.ts';
import { visitorIpHash } from '../middleware/visitor-ip-hash.ts';
import { bufferClick } from '../queue/click-buffer.ts';
import { affiliateConfig, campaignConfig } from '../lib/config-cache.ts';
import { clickIdField, idParam, subField } from '../schemas/fields.ts';
import { errorResponses, publicSecurity } from '../schemas/responses.ts';
import { clickRow } from '../tracking/click.ts';
import { clip } from '../tracking/click-request.ts';
import { isCrawler } from '../quality/bots.ts';
import { DEFAULT_QUALITY_THRESHOLD, scoreClick } from '../quality/click-quality.ts';
import { edgeOrigin } from '../quality/edge.ts';
import { overVelocity } from '../quality/velocity.ts';

const trackingQuery = z.object({
  click_id: clickIdField.optional(),
  sub1: subField('sub1'),
  sub2: subField('sub2'),
  sub3: subField('sub3'),
  sub4: subField('sub4'),
  sub5: subField('sub5'),
  format: z.enum(['json', 'redirect'], { error: 'format must be json or redirect' }).optional(),
});

const clickQuery = trackingQuery.extend({
  affiliate_id: idParam('affiliate_id'),
  campaign_id: idParam('campaign_id'),
});

const shortLinkParams = z.object({
  campaign_id: idParam('campaign_id'),
  affiliate_id: idParam('affiliate_id'),
});

const clickData = z.object({
  click_id: z.string(),
  affiliate_id: z.number().int(),
  campaign_id: z.number().int(),
  timestamp: z.string(),
});

const clickResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  queued: z.boolean().optional(),
  counted: z.boolean().optional(),
  data: clickData,
});

const responses = {
  200: { description: 'Click recorded (JSON mode)', content: { 'application/json': { schema: clickResponse } } },
  202: { description: 'Click accepted while the database is unavailable', content: { 'application/json': { schema: clickResponse } } },
  302: { description: "Redirect to the campaign's offer URL with macros filled" },
  ...errorResponses,
};

const clickRoute = createRoute({
  operationId: 'trackClick',
  method: 'get',
  path: '/click',
  summary: 'Track a click (tracking link)',
  ...publicSecurity,
  request: { query: clickQuery },
  responses,
});

const shortLinkRoute = createRoute({
  operationId: 'trackShortLinkClick',
  method: 'get',
  path: '/c/{campaign_id}/{affiliate_id}',
  summary: 'Track a click (short tracking link)',
  ...publicSecurity,
  request: { params: shortLinkParams, query: trackingQuery },
  responses,
});

type TrackingQuery = z.output<typeof trackingQuery> & { affiliate_id: number; campaign_id: number };

export function registerClickRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(clickRoute, (c) => trackClick(c, c.req.valid('query')))
    .openapi(shortLinkRoute, (c) => trackClick(c, { ...c.req.valid('query'), ...c.req.valid('param') }));
}

async function trackClick(c: Context<AppEnv>, q: TrackingQuery): Promise<Response> {
  const [campaign, affiliate] = await Promise.all([
    campaignConfig(c.var.config, q.campaign_id),
    affiliateConfig(c.var.config, q.affiliate_id),
  ]);
  if (!affiliate || affiliate.status !== 'active') throw new ApiError('not_found', `affiliate_id ${q.affiliate_id} is not an active affiliate`);
  if (!campaign || campaign.status !== 'active') throw new ApiError('not_found', `campaign_id ${q.campaign_id} is not an active campaign`);

  const now = new Date();
  const clickId = await resolveClickId(c.var.settings.TRACKER_SECRET, q, now);
  // An API call's user agent is the caller's server, not a crawler following a link: it is recorded and scored.
  const apiCall = asksForJson(c, q.format);
  const counted = c.req.method !== 'HEAD' && (apiCall || !isCrawler(c.req.header('user-agent'), c.req.raw.cf));
  const message = await clickMessage(c, q, clickId, now, counted ? (campaign.qualityThreshold ?? DEFAULT_QUALITY_THRESHOLD) : null);

  if (!campaign.offerUrl || apiCall) {
    return counted ? recordNow(c, message) : c.json(clickBody(message, { counted: false }), 200);
  }

  // The redirect never waits on the database: the click is handed to the queue in the background.
  if (counted) enqueueClick(c, message);
  const location = fillMacros(campaign.offerUrl, {
    click_id: clickId,
    affiliate_id: q.affiliate_id,
    campaign_id: q.campaign_id,
    sub1: q.sub1, sub2: q.sub2, sub3: q.sub3, sub4: q.sub4, sub5: q.sub5,
  });
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  // Serialised by the URL parser so the header is ASCII (punycode host, percent-encoded path).
  return c.redirect(new URL(location).href, 302);
}

// format wins; otherwise a browser following a link prefers HTML and an API caller JSON (q-values respected).
function asksForJson(c: Context<AppEnv>, format: 'json' | 'redirect' | undefined): boolean {
  if (format) return format === 'json';
  return accepts(c, { header: 'Accept', supports: ['text/html', 'application/json'], default: 'text/html' }) === 'application/json';
}

async function resolveClickId(secret: string, q: TrackingQuery, now: Date): Promise<string> {
  if (!q.click_id) return generateClickId(secret, { affiliateId: q.affiliate_id, campaignId: q.campaign_id, clickedAt: now });
  if (!looksSigned(q.click_id)) return q.click_id;
  const claims = await verifyClickId(secret, q.click_id);
  if (!claims || claims.affiliateId !== q.affiliate_id || claims.campaignId !== q.campaign_id) {
    throw new ApiError('bad_request', 'click_id looks like a generated click id but its signature does not match this link');
  }
  return q.click_id;
}

// Scored only when it will be recorded (threshold given), so crawlers do not feed the velocity counts.
async function clickMessage(
  c: Context<AppEnv>,
  q: TrackingQuery,
  clickId: string,
  now: Date,
  threshold: number | null,
): Promise<ClickMessage> {
  const origin = edgeOrigin(c.req.raw, c.var.settings.LOCAL_EDGE_SIMULATION);
  const ipHash = await visitorIpHash(c);
  const userAgent = clip(c.req.header('user-agent'), 512);
  const quality =
    threshold === null
      ? undefined
      : scoreClick(
          {
            userAgent,
            acceptLanguage: c.req.header('accept-language'),
            origin,
            overVelocity: overVelocity(q.campaign_id, ipHash, now.getTime()),
          },
          threshold,
        );
  return {
    clickId,
    affiliateId: q.affiliate_id,
    campaignId: q.campaign_id,
    sub: [q.sub1 ?? null, q.sub2 ?? null, q.sub3 ?? null, q.sub4 ?? null, q.sub5 ?? null],
    ipHash,
    userAgent,
    country: origin.country,
    referrer: clip(c.req.header('referer'), 1024),
    timestamp: now.toISOString(),
    asn: origin.asn,
    asOrg: origin.asOrg,
    ...(quality && {
      qualityScore: quality.score,
      qualityReasons: quality.reasons.join(',') || null,
      isSuspicious: quality.suspicious,
    }),
  };
}

// Queue first (batched per isolate); if the queue refuses, write directly so the clicks are still not lost.
function enqueueClick(c: Context<AppEnv>, message: ClickMessage): void {
  const db = c.var.db;
  const sending = bufferClick(c.env.CLICK_QUEUE, message, async (messages) => {
    await ingestClicks(db, messages.map(clickRow), randomToken('', 16));
  });
  if (sending) c.executionCtx.waitUntil(sending);
}

// JSON mode answers with the stored click, so a repeated click_id returns the original.
async function recordNow(c: Context<AppEnv>, message: ClickMessage): Promise<Response> {
  try {
    const added = await ingestClicks(c.var.db, [clickRow(message)], randomToken('', 16));
    if (added === 1) return c.json(clickBody(message), 200);
    // Ids are unique per affiliate, so the original is this affiliate's own: nothing about others is revealed.
    const original = await findClick(c.var.db, message.affiliateId, message.clickId);
    if (!original) {
      throw new ApiError('conflict', `click_id ${message.clickId} differs only in letter case from one of your click ids: use a distinct id`);
    }
    if (original.campaignId !== message.campaignId) {
      throw new ApiError('conflict', `click_id ${message.clickId} is already one of your clicks on campaign ${original.campaignId}`);
    }
    return c.json(clickBody({ ...message, timestamp: toIso(original.timestamp) }), 200);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    await c.env.CLICK_QUEUE.send(message);
    return c.json(clickBody(message, { queued: true }), 202);
  }
}

function clickBody(m: ClickMessage, extra: { queued?: boolean; counted?: boolean } = {}) {
  return {
    success: true as const,
    message: extra.counted === false ? 'Click not counted (crawler or HEAD request)' : 'Click tracked successfully',
    ...extra,
    data: { click_id: m.clickId, affiliate_id: m.affiliateId, campaign_id: m.campaignId, timestamp: m.timestamp },
  };
}
