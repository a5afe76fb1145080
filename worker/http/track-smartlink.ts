import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { affiliateConfig, campaignConfig, smartlinkConfig } from '../config/read-model.ts';
import { visitorIpHash } from '../middleware/visitor-ip-hash.ts';
import { chooseCampaign } from '../routing/smartlink.ts';
import { Visitor } from '../routing/visitor.ts';
import { offerUnavailable } from './offer-unavailable.ts';
import { subIds } from '../tracking/sub-ids.ts';
import { trackClick, type TrackingQuery } from './track-click.ts';
import { asksForJson, isBrowser } from './click-request.ts';
import { clip } from '../tracking/sub-ids.ts';
import {
  admitClick,
  clickCapError,
  rememberedRefusal,
  type ClickAdmission,
} from '../tracking/click-caps.ts';
import { edgeOrigin } from '../quality/edge.ts';

export type SmartlinkQuery = Omit<TrackingQuery, 'campaign_id'> & { smartlink_id: number };

// Picks the campaign for this visitor from the smartlink (edge copies only), then tracks the click on it.
export async function trackSmartlinkClick(
  c: Context<AppEnv>,
  q: SmartlinkQuery,
): Promise<Response> {
  const jsonMode = asksForJson(c, q.format);
  const browser = !jsonMode && isBrowser(c, q.format);
  const sub = subIds(q, jsonMode);
  const smartlink = await smartlinkConfig(c.var.config, q.smartlink_id);
  if (smartlink?.status !== 'active') {
    if (browser) return offerUnavailable(c, c.var.settings.FALLBACK_URL, smartlink ? 410 : 404);
    throw new ApiError('not_found', `smartlink_id ${q.smartlink_id} is not an active smartlink`);
  }
  const [campaigns, affiliate] = await Promise.all([
    Promise.all(smartlink.campaigns.map((e) => campaignConfig(c.var.config, e.campaignId))),
    affiliateConfig(c.var.config, q.affiliate_id),
  ]);
  const visitor = new Visitor({
    country: edgeOrigin(c.req.raw, c.var.settings).country,
    userAgent: clip(c.req.header('user-agent'), 512),
    acceptLanguage: c.req.header('accept-language') ?? null,
    sub,
  });
  const visitorKey = (await visitorIpHash(c)) ?? crypto.randomUUID();
  const day = new Date().toISOString().slice(0, 10);
  // A campaign whose click cap is full for this affiliate takes no visitor: the next one by weight does.
  // Isolate memory rules out the ones known full; the counter is asked only about the one chosen.
  const capped = new Set<number>();
  let refusal: Extract<ClickAdmission, { ok: false }> | undefined;
  for (;;) {
    const entries = smartlink.campaigns.map((e, i) => {
      const campaign = campaigns[i];
      if (!campaign || capped.has(campaign.id)) return { campaign: undefined, weight: e.weight };
      const remembered = rememberedRefusal(campaign, q.affiliate_id);
      if (remembered) {
        capped.add(campaign.id);
        refusal ??= remembered;
        return { campaign: undefined, weight: e.weight };
      }
      return { campaign, weight: e.weight };
    });
    const chosen = chooseCampaign(smartlink.id, entries, visitor, visitorKey, day);
    if (!chosen) break;
    // Only asks whether the cap has room: trackClick counts the click once it is scored (an
    // inactive affiliate is refused there before anything is counted).
    const admission =
      affiliate?.status === 'active'
        ? await admitClick(c.env.CAPS, chosen, q.affiliate_id, false)
        : ({ ok: true } as const);
    if (admission.ok)
      return trackClick(
        c,
        { ...q, campaign_id: chosen.id },
        { smartlinkId: smartlink.id, campaign: chosen, admitted: true },
      );
    capped.add(chosen.id);
    refusal ??= admission;
  }
  if (browser) return offerUnavailable(c, c.var.settings.FALLBACK_URL, refusal ? 410 : 404);
  if (refusal) throw clickCapError(refusal);
  throw new ApiError(
    'not_found',
    `smartlink_id ${q.smartlink_id} has no active campaign for this visitor`,
  );
}
