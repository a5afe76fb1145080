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
  if (looksSigned(clickId)) {
    const claims = await verifyClickId(deps.trackerSecret, clickId);
    if (!claims) throw new ApiError('not_found', `Unknown click_id ${clickId}`);
    const affiliate = await authenticated(deps, affiliateId ?? claims.affiliateId, credential, receivedAt);
    if (claims.affiliateId !== affiliate.id) throw new ApiError('not_found', `Unknown click_id ${clickId} for affiliate ${affiliate.id}`);
    const click = await findClick(deps.db, affiliate.id, clickId);
    return { affiliate, campaignId: claims.campaignId, clickedAt: claims.clickedAt, click };
  }

  if (affiliateId !== undefined) {
    const affiliate = await authenticated(deps, affiliateId, credential, receivedAt);
    const click = await findClick(deps.db, affiliateId, clickId);
    if (!click) throw new ApiError('not_found', `Unknown click_id ${clickId} for affiliate ${affiliateId}`);
    return fromClick(affiliate, click);
  }

  const candidates = await findClicksById(deps.db, clickId);
  if (candidates.length === 0) throw new ApiError('not_found', `Unknown click_id ${clickId}`);
  const inScope: { affiliate: AffiliateConfig; click: Click }[] = [];
  let refusal: unknown;
  for (const click of candidates) {
    try {
      inScope.push({ affiliate: await authenticated(deps, click.affiliateId, credential, receivedAt), click });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      refusal ??= err;
    }
  }
  // An affiliate's credential covers one affiliate; a credential covering several (an advertiser's) can be ambiguous.
  if (inScope.length > 1) {
    throw new ApiError('conflict', `click_id ${clickId} matches clicks of more than one affiliate: add affiliate_id to the postback`);
  }
  const [match] = inScope;
  if (!match) throw refusal;
  return fromClick(match.affiliate, match.click);
}

async function authenticated(deps: AttributionDeps, affiliateId: number, credential: PostbackCredential, receivedAt: Date) {
  const affiliate = await affiliateConfig(deps.config, affiliateId);
  if (!affiliate || affiliate.status !== 'active') throw new ApiError('unauthorized', 'Invalid postback token');
  await authenticatePostback(deps.trackerSecret, affiliate, credential, receivedAt);
  return affiliate;
}

function fromClick(affiliate: AffiliateConfig, click: Click): Attribution {
  return { affiliate, campaignId: click.campaignId, clickedAt: fromMysqlDatetime(click.timestamp), click };
}
