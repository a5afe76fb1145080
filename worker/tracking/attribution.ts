import type { Click } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { findClick, findClicksById } from '../db/queries/clicks.ts';
import { fromMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { looksSigned, verifyClickId } from '../lib/click-id.ts';
import { affiliateConfig, type AffiliateConfig, type ConfigSource } from '../lib/config-cache.ts';
import { authenticatePostback, type PostbackCredential } from './postback-auth.ts';

export interface Attribution {
  affiliate: AffiliateConfig;
  campaignId: number;
  clickedAt: Date;
  // The stored click, when it has landed (a signed id attributes before its row exists).
  click: Click | undefined;
}

interface AttributionDeps {
  db: Database;
  config: ConfigSource;
  trackerSecret: string;
}

/**
 * Finds whose click a postback is for, within what its credential may reach. A signed id names its
 * affiliate; a caller-supplied id is unique only per affiliate, so without affiliate_id the stored
 * clicks with that exact id are narrowed to those the credential is valid for.
 */
export async function attributePostback(
  deps: AttributionDeps,
  clickId: string,
  affiliateId: number | undefined,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<Attribution> {
  // Without affiliate_id the click names the affiliate, so nothing may reveal whether it exists before the credential holds.
  const named = affiliateId !== undefined;
  if (looksSigned(clickId)) {
    const claims = await verifyClickId(deps.trackerSecret, clickId);
    if (!claims && !named) throw unverifiedPostback('unknown_click');
    const affiliate = await authenticated(deps, affiliateId ?? claims!.affiliateId, credential, receivedAt, named);
    if (!claims || claims.affiliateId !== affiliate.id) throw unknownClick(clickId, affiliate.id);
    const click = await findClick(deps.db, affiliate.id, clickId);
    return { affiliate, campaignId: claims.campaignId, clickedAt: claims.clickedAt, click };
  }

  if (named) {
    const affiliate = await authenticated(deps, affiliateId, credential, receivedAt, true);
    const click = await findClick(deps.db, affiliateId, clickId);
    // A click of another affiliate gets the same answer as no click at all.
    if (!click) throw unknownClick(clickId, affiliateId);
    return fromClick(affiliate, click);
  }

  const candidates = await findClicksById(deps.db, clickId);
  if (candidates.length === 0) throw unverifiedPostback('unknown_click');
  const inScope: { affiliate: AffiliateConfig; click: Click }[] = [];
  for (const click of candidates) {
    try {
      inScope.push({ affiliate: await authenticated(deps, click.affiliateId, credential, receivedAt, false), click });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  // An affiliate's credential covers one affiliate; a credential covering several (an advertiser's) can be ambiguous.
  if (inScope.length > 1) {
    throw new ApiError('conflict', `click_id ${clickId} matches clicks of more than one affiliate: add affiliate_id to the postback`);
  }
  const [match] = inScope;
  if (!match) throw unverifiedPostback('bad_credential');
  return fromClick(match.affiliate, match.click);
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
    { cause },
  );
}

function unknownClick(clickId: string, affiliateId: number): ApiError {
  return new ApiError('not_found', `Unknown click_id ${clickId} for affiliate ${affiliateId}`, { cause: 'unknown_click' });
}

// With affiliate_id named, refusals say what is wrong; without, every refusal is the one unverified answer.
async function authenticated(deps: AttributionDeps, affiliateId: number, credential: PostbackCredential, receivedAt: Date, named: boolean) {
  const affiliate = await affiliateConfig(deps.config, affiliateId);
  if (!affiliate || affiliate.status !== 'active') throw named ? new ApiError('unauthorized', 'Invalid postback token') : unverifiedPostback('bad_credential');
  try {
    await authenticatePostback(deps.trackerSecret, affiliate, credential, receivedAt);
  } catch (err) {
    throw !named && err instanceof ApiError ? unverifiedPostback('bad_credential') : err;
  }
  return affiliate;
}

function fromClick(affiliate: AffiliateConfig, click: Click): Attribution {
  return { affiliate, campaignId: click.campaignId, clickedAt: fromMysqlDatetime(click.timestamp), click };
}
