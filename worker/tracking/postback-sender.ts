import { ApiError } from '../errors.ts';
import {
  advertiserConfig,
  type AffiliateConfig,
  type CampaignConfig,
  type ConfigSource,
} from '../lib/config-cache.ts';
import { advertiserIdOfToken } from '../lib/secrets.ts';
import {
  advertiserSignatureMatches,
  advertiserTokenMatches,
  authenticatePostback,
  invalidToken,
  tokenMatches,
  type PostbackCredential,
} from './postback-auth.ts';

/** Who sent a postback, decided by its credential: the kind decides what it may set (decisions.ts). */
export type SenderKind = 'admin' | 'advertiser' | 'affiliate';

export interface SenderDeps {
  config: ConfigSource;
  trackerSecret: string;
  adminToken: string;
}

/** The advertiser an `apt_<id>_…` token (or a queued reference to one) names. */
export function claimedAdvertiser(credential: PostbackCredential): number | undefined {
  return (
    credential.advertiserId ??
    (credential.token ? advertiserIdOfToken(credential.token) : undefined)
  );
}

export async function isAdminCredential(
  deps: SenderDeps,
  credential: PostbackCredential,
): Promise<boolean> {
  return tokenMatches(deps.trackerSecret, credential, [deps.adminToken]);
}

/**
 * Checks an advertiser token before any click is looked up, so a wrong one is a plain 401 that
 * says nothing about clicks. Returns the advertiser id it names, or undefined for other credentials.
 */
export async function verifyAdvertiserToken(
  deps: SenderDeps,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<number | undefined> {
  const advertiserId = claimedAdvertiser(credential);
  if (advertiserId === undefined) return undefined;
  const advertiser = await advertiserConfig(deps.config, advertiserId);
  if (
    !advertiser ||
    !(await advertiserTokenMatches(deps.trackerSecret, advertiser, credential, receivedAt))
  )
    throw invalidToken();
  if (advertiser.status !== 'active') {
    throw new ApiError(
      'forbidden',
      `Advertiser ${advertiserId} is paused: its postbacks are refused until the network reactivates it`,
      { reason: 'advertiser_paused' },
    );
  }
  return advertiserId;
}

/**
 * The kind of sender a credential proves for one click (its affiliate and campaign). An advertiser
 * covers only its own campaigns; a click outside that scope is answered like an unknown click
 * (`outOfScope`), so an advertiser cannot learn of other advertisers' clicks.
 */
export async function senderFor(
  deps: SenderDeps,
  credential: PostbackCredential,
  affiliate: AffiliateConfig,
  campaign: CampaignConfig | undefined,
  receivedAt: Date,
  outOfScope: () => ApiError,
): Promise<SenderKind> {
  if (await isAdminCredential(deps, credential)) return 'admin';
  const advertiserId = claimedAdvertiser(credential);
  if (advertiserId !== undefined) {
    if (!campaign || (campaign.advertiserId ?? 1) !== advertiserId) throw outOfScope();
    return 'advertiser';
  }
  if (credential.signature !== undefined && campaign) {
    const advertiser = await advertiserConfig(deps.config, campaign.advertiserId ?? 1);
    if (
      advertiser &&
      (await advertiserSignatureMatches(deps.trackerSecret, advertiser, credential, receivedAt))
    ) {
      if (advertiser.status !== 'active') {
        throw new ApiError(
          'forbidden',
          `Advertiser ${advertiser.id} is paused: its postbacks are refused until the network reactivates it`,
          { reason: 'advertiser_paused' },
        );
      }
      return 'advertiser';
    }
  }
  await authenticatePostback(deps.trackerSecret, affiliate, credential, receivedAt);
  return 'affiliate';
}
