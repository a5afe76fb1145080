import type { Click } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { findClick, findClicksById } from '../db/queries/clicks.ts';
import { fromMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { looksSigned, verifyClickId, type ClickVisit } from '../lib/click-id.ts';
import {
  affiliateConfig,
  campaignConfig,
  type AffiliateConfig,
  type CampaignConfig,
} from '../config/read-model.ts';
import {
  assertMaySend,
  senderFor,
  type PresentedSender,
  type SenderDeps,
  type VerifiedSender,
} from './postback-sender.ts';

export interface Attribution {
  affiliate: AffiliateConfig;
  campaignId: number;
  // Undefined only when the campaign was deleted after the click.
  campaign: CampaignConfig | undefined;
  clickedAt: Date;
  // Country, verdict and visitor: from the stored click, else from the signed id, so holds and
  // prices never depend on whether the click queue has delivered. Undefined only for an id issued
  // before the visit was signed into it whose row has not landed.
  visit: ClickVisit | undefined;
  sender: VerifiedSender;
}

interface AttributionDeps extends SenderDeps {
  db: Database;
}

/**
 * Finds whose click a postback is for, within what its credential may reach: an affiliate's secret
 * reaches its own clicks, an advertiser's credential the clicks on its campaigns, the admin token
 * all. A signed id names its affiliate and campaign; a caller-supplied id is unique only per
 * affiliate, so without affiliate_id the stored clicks with that exact id are narrowed to those
 * the credential covers.
 */
export async function attributePostback(
  deps: AttributionDeps,
  clickId: string,
  affiliateId: number | undefined,
  presented: PresentedSender,
  receivedAt: Date,
): Promise<Attribution> {
  assertMaySend(presented);
  // Without affiliate_id the click names the affiliate, so nothing may reveal whether it exists before the credential holds.
  const named = affiliateId !== undefined;
  if (looksSigned(clickId)) {
    const claims = await verifyClickId(deps.trackerSecret, clickId);
    if (!claims && !named) throw unverifiedPostback('unknown_click');
    const owner = affiliateId ?? claims!.affiliateId;
    const affiliate = await activeAffiliate(deps, owner, named);
    const mine = claims && claims.affiliateId === affiliate.id ? claims : undefined;
    const campaign = mine ? await campaignConfig(deps.config, mine.campaignId) : undefined;
    const sender = await checkedSender(
      deps,
      presented,
      affiliate,
      campaign,
      receivedAt,
      named,
      () => unknownClick(clickId, affiliate.id),
    );
    if (!mine) throw unknownClick(clickId, affiliate.id);
    const click = await findClick(deps.db, affiliate.id, clickId);
    return {
      affiliate,
      campaignId: mine.campaignId,
      campaign,
      clickedAt: mine.clickedAt,
      // A signed id attributes before its row exists.
      visit: click ? visitOf(click) : mine.visit,
      sender,
    };
  }

  if (named) {
    const affiliate = await activeAffiliate(deps, affiliateId, true);
    const click = await findClick(deps.db, affiliateId, clickId);
    const campaign = click ? await campaignConfig(deps.config, click.campaignId) : undefined;
    const sender = await checkedSender(deps, presented, affiliate, campaign, receivedAt, true, () =>
      unknownClick(clickId, affiliateId),
    );
    // A click of another affiliate gets the same answer as no click at all.
    if (!click) throw unknownClick(clickId, affiliateId);
    return fromClick(affiliate, click, campaign, sender);
  }

  const candidates = await findClicksById(deps.db, clickId);
  if (candidates.length === 0) throw unverifiedPostback('unknown_click');
  const inScope: Attribution[] = [];
  for (const click of candidates) {
    try {
      const affiliate = await activeAffiliate(deps, click.affiliateId, false);
      const campaign = await campaignConfig(deps.config, click.campaignId);
      const sender = await checkedSender(
        deps,
        presented,
        affiliate,
        campaign,
        receivedAt,
        false,
        () => unverifiedPostback('bad_credential'),
      );
      inScope.push(fromClick(affiliate, click, campaign, sender));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  // An affiliate's credential covers one affiliate; one covering several (an advertiser's, the admin's) can be ambiguous.
  if (inScope.length > 1) {
    throw new ApiError(
      'conflict',
      `click_id ${clickId} matches clicks of more than one affiliate: add affiliate_id to the postback`,
      { reason: 'ambiguous_click' },
    );
  }
  const [match] = inScope;
  if (!match) throw unverifiedPostback('bad_credential');
  return match;
}

/**
 * The one answer for a postback without affiliate_id whose click is unknown or whose credential is
 * wrong: telling them apart would let anyone probe which click ids exist. `cause` says which, for
 * the deferred-postback consumer (a click may still be queued) and never reaches the response.
 */
export function unverifiedPostback(cause: 'unknown_click' | 'bad_credential'): ApiError {
  return new ApiError(
    'unauthorized',
    'Invalid postback credential, or unknown click_id: send affiliate_id with the token or signature to tell the two apart',
    { cause, reason: 'bad_credential' },
  );
}

function unknownClick(clickId: string, affiliateId: number): ApiError {
  return new ApiError('not_found', `Unknown click_id ${clickId} for affiliate ${affiliateId}`, {
    cause: 'unknown_click',
    reason: 'unknown_click',
  });
}

async function activeAffiliate(
  deps: AttributionDeps,
  affiliateId: number,
  named: boolean,
): Promise<AffiliateConfig> {
  const affiliate = await affiliateConfig(deps.config, affiliateId);
  if (affiliate && affiliate.status === 'active') return affiliate;
  throw named
    ? new ApiError('unauthorized', 'Invalid postback token', { reason: 'bad_credential' })
    : unverifiedPostback('bad_credential');
}

// With affiliate_id named, refusals say what is wrong; without, every refusal is the one unverified answer.
async function checkedSender(
  deps: AttributionDeps,
  presented: PresentedSender,
  affiliate: AffiliateConfig,
  campaign: CampaignConfig | undefined,
  receivedAt: Date,
  named: boolean,
  outOfScope: () => ApiError,
): Promise<VerifiedSender> {
  try {
    return await senderFor(deps, presented, affiliate, campaign, receivedAt, outOfScope);
  } catch (err) {
    throw !named && err instanceof ApiError && err.code !== 'forbidden'
      ? unverifiedPostback('bad_credential')
      : err;
  }
}

function fromClick(
  affiliate: AffiliateConfig,
  click: Click,
  campaign: CampaignConfig | undefined,
  sender: VerifiedSender,
): Attribution {
  return {
    affiliate,
    campaignId: click.campaignId,
    campaign,
    clickedAt: fromMysqlDatetime(click.timestamp),
    visit: visitOf(click),
    sender,
  };
}

function visitOf(click: Click): ClickVisit {
  return { country: click.country, suspicious: click.isSuspicious, ipHash: click.ipHash };
}
