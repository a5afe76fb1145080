import { ApiError } from '../errors.ts';
import {
  advertiserConfig,
  type AdvertiserConfig,
  type AffiliateConfig,
  type CampaignConfig,
  type ConfigSource,
} from '../config/read-model.ts';
import { advertiserIdOfToken } from '../lib/secrets.ts';
import { SIGNATURE_HEADER } from './postback-signature.ts';
import {
  advertiserSignatureMatches,
  advertiserTokenMatches,
  authenticatePostback,
  hasToken,
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

/**
 * A credential checked as far as it can be before the click is known. The admin token and an
 * advertiser's `apt_<id>_…` token name their holder and are verified at once; an affiliate's
 * secret or a signature is checked against the click's affiliate or its campaign's advertiser.
 */
export type PresentedSender =
  | { kind: 'admin'; credential: PostbackCredential }
  | { kind: 'advertiser'; advertiser: AdvertiserConfig; credential: PostbackCredential }
  | { kind: 'click-bound'; credential: PostbackCredential };

/** The sender a credential proved for one click: what the postback may set follows from it. */
export interface VerifiedSender {
  kind: SenderKind;
  // A signed request can be replayed within its tolerance, so it moves a status only forward.
  signed: boolean;
}

/** The advertiser an `apt_<id>_…` token (or a queued reference to one) claims to be: not yet verified. */
export function claimedAdvertiser(credential: PostbackCredential): number | undefined {
  return (
    credential.advertiserId ??
    (credential.token ? advertiserIdOfToken(credential.token) : undefined)
  );
}

/**
 * Checks what the credential can prove without a click, so a wrong advertiser token is a plain
 * 401 that says nothing about clicks. A paused advertiser's token still proves who sent it, so its
 * refusal (assertMaySend) lands in that advertiser's log.
 */
export async function identifySender(
  deps: SenderDeps,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<PresentedSender> {
  assertOneCredential(credential);
  if (await tokenMatches(deps.trackerSecret, credential, [deps.adminToken]))
    return { kind: 'admin', credential };
  const advertiserId = claimedAdvertiser(credential);
  if (advertiserId === undefined) return { kind: 'click-bound', credential };
  const advertiser = await advertiserConfig(deps.config, advertiserId);
  if (
    !advertiser ||
    !(await advertiserTokenMatches(deps.trackerSecret, advertiser, credential, receivedAt))
  )
    throw invalidToken();
  return { kind: 'advertiser', advertiser, credential };
}

/**
 * A token names its holder and is checked as such, so a signature beside it would go unchecked (the
 * admin has no signing secret): a request carrying both is refused rather than half-verified.
 */
function assertOneCredential(credential: PostbackCredential): void {
  if (!credential.signed || !hasToken(credential)) return;
  throw new ApiError(
    'unauthorized',
    `Send either token or the ${SIGNATURE_HEADER} header, not both: remove token from a signed request, or the header from one authenticated by its token`,
    { reason: 'bad_credential' },
  );
}

/**
 * The sender a presented credential proves for one click (its affiliate and campaign). An
 * advertiser covers only its own campaigns; a click outside that scope is answered like an unknown
 * click (`outOfScope`), so an advertiser cannot learn of other advertisers' clicks.
 */
export async function senderFor(
  deps: SenderDeps,
  presented: PresentedSender,
  affiliate: AffiliateConfig,
  campaign: CampaignConfig | undefined,
  receivedAt: Date,
  outOfScope: () => ApiError,
): Promise<VerifiedSender> {
  const { credential } = presented;
  const signed = credential.signed !== undefined;
  if (presented.kind === 'admin') return { kind: 'admin', signed };
  if (presented.kind === 'advertiser') {
    if (!campaign || (campaign.advertiserId ?? 1) !== presented.advertiser.id) throw outOfScope();
    return { kind: 'advertiser', signed };
  }
  if (signed && campaign) {
    const advertiser = await advertiserConfig(deps.config, campaign.advertiserId ?? 1);
    if (
      advertiser &&
      (await advertiserSignatureMatches(deps.trackerSecret, advertiser, credential, receivedAt))
    ) {
      assertActive(advertiser);
      return { kind: 'advertiser', signed };
    }
  }
  await authenticatePostback(deps.trackerSecret, affiliate, credential, receivedAt);
  return { kind: 'affiliate', signed };
}

/** Refuses a verified advertiser token whose advertiser is paused, before any click is looked up. */
export function assertMaySend(presented: PresentedSender): void {
  if (presented.kind === 'advertiser') assertActive(presented.advertiser);
}

function assertActive(advertiser: AdvertiserConfig): void {
  if (advertiser.status === 'active') return;
  throw new ApiError(
    'forbidden',
    `Advertiser ${advertiser.id} is paused: its postbacks are refused until the network reactivates it`,
    { reason: 'advertiser_paused' },
  );
}
