import type { z } from '@hono/zod-openapi';
import type { Context, Input } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { ingestClicks, storeClick } from '../db/queries/clicks.ts';
import { toIso } from '../db/time.ts';
import type { ClickMessage } from '../queue/messages.ts';
import { ApiError } from '../errors.ts';
import { generateClickId, looksSigned, verifyClickId, type ClickVisit } from '../lib/click-id.ts';
import { randomToken } from '../lib/crypto.ts';
import { fillMacros } from '../lib/macros.ts';
import { affiliateConfig, campaignConfig, type CampaignConfig } from '../config/read-model.ts';
import { visitorIpHash } from '../middleware/visitor-ip-hash.ts';
import { bufferClick } from '../queue/click-buffer.ts';
import { landingTemplate, routeVisitor } from '../routing/evaluate.ts';
import { Visitor } from '../routing/visitor.ts';
import { validationError } from '../schemas/validate.ts';
import { clickRow } from '../tracking/click.ts';
import { offerUnavailable } from './offer-unavailable.ts';
import { subIds, type SubIds } from '../tracking/sub-ids.ts';
import { asksForJson, isBrowser, notCountedMessage, notCountedReason } from './click-request.ts';
import { clip } from '../tracking/sub-ids.ts';
import { admitClick, clickCapError, takesClickCapPlace } from '../tracking/click-caps.ts';
import { DEFAULT_QUALITY_THRESHOLD, scoreClick } from '../quality/click-quality.ts';
import { edgeOrigin } from '../quality/edge.ts';
import { overVelocity } from '../quality/velocity.ts';
import { targetCountries } from '../routing/index.ts';

export interface TrackingQuery {
  affiliate_id: number;
  campaign_id: number;
  click_id?: string | undefined;
  sub1?: string | undefined;
  sub2?: string | undefined;
  sub3?: string | undefined;
  sub4?: string | undefined;
  sub5?: string | undefined;
  format?: 'json' | 'redirect' | undefined;
}

// A click that came through a smartlink: the campaign is already chosen, and its click caps have room.
export interface SmartlinkChoice {
  smartlinkId: number;
  campaign: CampaignConfig;
  admitted: true;
}

// A browser whose tracking link is malformed is sent to the global fallback or shown a page; API callers get the JSON error.
export function visitorHook<P extends string, I extends Input>(
  result: { success: true } | { success: false; error: z.ZodError; target: string; data?: unknown },
  c: Context<AppEnv, P, I>,
): Response | undefined {
  if (result.success) return undefined;
  if (!isBrowser(c, c.req.query('format')))
    throw validationError(result.error, result.target, result.data);
  return offerUnavailable(c, c.var.settings.FALLBACK_URL, 404);
}

export async function trackClick(
  c: Context<AppEnv>,
  q: TrackingQuery,
  via?: SmartlinkChoice,
): Promise<Response> {
  const [campaign, affiliate] = await Promise.all([
    via ? via.campaign : campaignConfig(c.var.config, q.campaign_id),
    affiliateConfig(c.var.config, q.affiliate_id),
  ]);
  const routable = !!campaign && (!!campaign.offerUrl || !!campaign.rules?.rules.length);
  const apiCall = asksForJson(c, q.format);
  const jsonMode = apiCall || (!!campaign && !routable);
  const browser = !jsonMode && isBrowser(c, q.format);
  if (browser) {
    // Unknown ids: 404; a link that existed but takes no traffic now: 410. Either way the campaign's fallback first.
    const fallback = campaign?.fallbackUrl ?? c.var.settings.FALLBACK_URL;
    if (!campaign || !affiliate) return offerUnavailable(c, fallback, 404);
    if (campaign.status !== 'active' || affiliate.status !== 'active')
      return offerUnavailable(c, fallback, 410);
  }
  if (affiliate?.status !== 'active')
    throw new ApiError('not_found', `affiliate_id ${q.affiliate_id} is not an active affiliate`);
  if (campaign?.status !== 'active')
    throw new ApiError('not_found', `campaign_id ${q.campaign_id} is not an active campaign`);

  const now = new Date();
  const sub = subIds(q, jsonMode);
  const secret = c.var.settings.TRACKER_SECRET;
  let supplied: string | undefined;
  try {
    supplied = await suppliedClickId(secret, q);
  } catch (err) {
    if (!browser || !(err instanceof ApiError)) throw err;
    return offerUnavailable(c, campaign.fallbackUrl ?? c.var.settings.FALLBACK_URL, 404);
  }
  const notCounted = notCountedReason(c, apiCall);
  const counted = notCounted === null;
  const threshold = counted ? (campaign.qualityThreshold ?? DEFAULT_QUALITY_THRESHOLD) : null;
  const message = await clickMessage(
    c,
    q,
    sub,
    (visit) =>
      supplied ??
      generateClickId(secret, {
        affiliateId: q.affiliate_id,
        campaignId: q.campaign_id,
        clickedAt: now,
        visit,
      }),
    now,
    threshold,
    threshold === null ? null : targetCountries(campaign),
  );
  const { clickId } = message;
  const visitor = new Visitor({
    country: message.country,
    userAgent: message.userAgent,
    acceptLanguage: c.req.header('accept-language') ?? null,
    sub,
  });
  const routing = routeVisitor(
    campaign.rules ?? null,
    visitor,
    message.ipHash ?? clickId,
    message.timestamp.slice(0, 10),
  );
  message.ruleVersion = routing.ruleVersion;
  message.smartlinkId = via?.smartlinkId ?? null;
  message.variantId = routing.variant?.id ?? null;
  if (visitor.parsed) {
    message.device = visitor.device;
    message.os = visitor.os;
  }

  // Click caps count visitors following the link, scored clean. An anonymous JSON click never takes
  // a place: anyone can send one from any server with any headers, so counting it would let a
  // competitor switch an affiliate's traffic off; it is recorded, and refused once the cap is full.
  // Asked only once the click is scored and routed, so refused clicks take no place. A smartlink
  // asked already whether the cap has room; only a click that takes a place asks again, to count.
  const takesPlace = counted && !apiCall && takesClickCapPlace(message);
  const admit = () =>
    via && !takesPlace
      ? Promise.resolve({ ok: true as const })
      : admitClick(c.env.CAPS, campaign, q.affiliate_id, takesPlace);

  if (jsonMode) {
    const admission = await admit();
    if (!admission.ok) throw clickCapError(admission);
    return notCounted === null
      ? recordNow(c, message)
      : c.json(
          clickBody(message, {
            counted: false,
            message: notCountedMessage(notCounted, c.req.header('user-agent')),
          }),
          200,
        );
  }

  const template =
    routing.kind === 'landing'
      ? landingTemplate(routing.variant!, visitor)
      : routing.kind === 'default'
        ? campaign.offerUrl
        : null;
  // A rule that says so, or no offer to send to: the visitor goes to the fallback and no click is counted.
  if (!template)
    return offerUnavailable(c, campaign.fallbackUrl ?? c.var.settings.FALLBACK_URL, 404);
  // A full click cap: the visitor goes to the fallback too.
  const admission = await admit();
  if (!admission.ok)
    return offerUnavailable(c, campaign.fallbackUrl ?? c.var.settings.FALLBACK_URL, 410);

  // The redirect never waits on the database: the click is handed to the queue in the background.
  if (counted) enqueueClick(c, message);
  // Said in a header, so `curl -i` shows why the link answered but nothing was recorded.
  else c.header('X-Click-Not-Counted', notCountedMessage(notCounted, c.req.header('user-agent')));
  const location = fillMacros(template, {
    click_id: clickId,
    affiliate_id: q.affiliate_id,
    campaign_id: q.campaign_id,
    sub1: sub[0],
    sub2: sub[1],
    sub3: sub[2],
    sub4: sub[3],
    sub5: sub[4],
  });
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  // Serialised by the URL parser so the header is ASCII (punycode host, percent-encoded path).
  return c.redirect(new URL(location).href, 302);
}

// The caller's click_id, held to its signature when it looks generated; undefined when we generate one.
async function suppliedClickId(secret: string, q: TrackingQuery): Promise<string | undefined> {
  if (!q.click_id) return undefined;
  if (!looksSigned(q.click_id)) return q.click_id;
  const claims = await verifyClickId(secret, q.click_id);
  if (!claims || claims.affiliateId !== q.affiliate_id || claims.campaignId !== q.campaign_id) {
    throw new ApiError(
      'bad_request',
      'click_id looks like a generated click id but its signature does not match this link',
    );
  }
  return q.click_id;
}

// Scored only when it will be recorded (threshold given), so crawlers do not feed the velocity counts.
// A generated id is signed with the visit's country, verdict and visitor, for a postback that beats the row.
async function clickMessage(
  c: Context<AppEnv>,
  q: TrackingQuery,
  sub: SubIds,
  idFor: (visit: ClickVisit) => string | Promise<string>,
  now: Date,
  threshold: number | null,
  targets: string[] | null,
): Promise<ClickMessage> {
  const origin = edgeOrigin(c.req.raw, c.var.settings);
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
            targetCountries: targets,
          },
          threshold,
        );
  const clickId = await idFor({
    country: origin.country,
    suspicious: quality ? quality.suspicious : null,
    ipHash,
  });
  return {
    clickId,
    affiliateId: q.affiliate_id,
    campaignId: q.campaign_id,
    sub,
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

// JSON mode answers with the stored click, so a repeated click_id returns the original. The row is
// written in one round trip; its uniqueness and rollup follow through the queue, counted once.
async function recordNow(c: Context<AppEnv>, message: ClickMessage): Promise<Response> {
  try {
    const stored = await storeClick(c.var.db, clickRow(message));
    if (stored.created) {
      enqueueClick(c, message);
      return c.json(clickBody(message), 200);
    }
    // Ids are unique per affiliate, so the original is this affiliate's own: nothing about others is revealed.
    const { original } = stored;
    if (original.campaignId !== message.campaignId) {
      throw new ApiError(
        'conflict',
        `click_id ${message.clickId} is already one of your clicks on campaign ${original.campaignId}`,
      );
    }
    return c.json(clickBody({ ...message, timestamp: toIso(original.timestamp) }), 200);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    await c.env.CLICK_QUEUE.send(message);
    return c.json(clickBody(message, { queued: true }), 202);
  }
}

function clickBody(
  m: ClickMessage,
  extra: { queued?: boolean; counted?: false; message?: string } = {},
) {
  const { message = 'Click tracked successfully', ...flags } = extra;
  return {
    success: true as const,
    message,
    ...flags,
    data: {
      click_id: m.clickId,
      affiliate_id: m.affiliateId,
      campaign_id: m.campaignId,
      timestamp: m.timestamp,
    },
  };
}
