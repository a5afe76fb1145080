import { fromMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { hmacHex, timingSafeEqual } from '../lib/crypto.ts';
import {
  advertiserPostbackToken,
  advertiserSigningSecret,
  postbackSecret,
} from '../lib/secrets.ts';
import type { AdvertiserConfig, AffiliateConfig } from '../config/read-model.ts';
import {
  invalidSignature,
  SIGNATURE_HEADER,
  signatureMatches,
  type SignedRequest,
} from './postback-signature.ts';

export interface PostbackCredential {
  token?: string | undefined;
  // Carried through the deferred-postback queue instead of the token: a keyed digest, never the secret.
  tokenReference?: string | undefined;
  // The advertiser an `apt_<id>_…` token names: no secret, it says only whose tokens to compare with.
  advertiserId?: number | undefined;
  signed?: SignedRequest | undefined;
}

/** What the queue carries for a token: checkable against the known secrets, useless as a credential. */
export function tokenReference(trackerSecret: string, token: string): Promise<string> {
  return hmacHex(trackerSecret, `queued-postback-token:${token}`);
}

interface Versioned {
  postbackSecretVersion: number;
  previousSecretValidUntil: string | null;
}

// The current version, plus the previous one while a rotation's grace period lasts.
function acceptedVersions(owner: Versioned, now: Date): number[] {
  const versions = [owner.postbackSecretVersion];
  const graceUntil = owner.previousSecretValidUntil;
  if (owner.postbackSecretVersion > 1 && graceUntil && fromMysqlDatetime(graceUntil) > now)
    versions.push(owner.postbackSecretVersion - 1);
  return versions;
}

/** Whether the presented token (or its queued reference) is one of `accepted`, compared in constant time. */
export async function tokenMatches(
  trackerSecret: string,
  credential: PostbackCredential,
  accepted: readonly string[],
): Promise<boolean> {
  const { token, tokenReference: reference } = credential;
  let ok = false;
  for (const secret of accepted) {
    if (token) ok = timingSafeEqual(secret, token) || ok;
    else if (reference)
      ok = timingSafeEqual(await tokenReference(trackerSecret, secret), reference) || ok;
  }
  return ok;
}

export function hasToken(credential: PostbackCredential): boolean {
  return Boolean(credential.token || credential.tokenReference);
}

/** The affiliate's own postback secret (the seed's per-affiliate URL), as token or as signing key. */
export async function authenticatePostback(
  trackerSecret: string,
  affiliate: AffiliateConfig,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<void> {
  const secrets = await Promise.all(
    acceptedVersions(affiliate, receivedAt).map((v) =>
      postbackSecret(trackerSecret, affiliate.id, v),
    ),
  );
  if (credential.signed) {
    if (await signatureMatches(secrets, credential.signed, receivedAt)) return;
    throw invalidSignature(credential.signed);
  }
  if (!hasToken(credential))
    throw new ApiError(
      'unauthorized',
      `Missing postback token: add token=<postback token> or sign the request (${SIGNATURE_HEADER})`,
      { reason: 'bad_credential' },
    );
  if (!(await tokenMatches(trackerSecret, credential, secrets))) throw invalidToken();
}

/** An advertiser's postback token (`apt_…`), current or within its rotation grace. */
export async function advertiserTokenMatches(
  trackerSecret: string,
  advertiser: AdvertiserConfig,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<boolean> {
  const tokens = await Promise.all(
    acceptedVersions(advertiser, receivedAt).map((v) =>
      advertiserPostbackToken(trackerSecret, advertiser.id, v),
    ),
  );
  return tokenMatches(trackerSecret, credential, tokens);
}

/** An advertiser's request signed with its signing secret (`aps_…`). */
export async function advertiserSignatureMatches(
  trackerSecret: string,
  advertiser: AdvertiserConfig,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<boolean> {
  if (!credential.signed) return false;
  const secrets = await Promise.all(
    acceptedVersions(advertiser, receivedAt).map((v) =>
      advertiserSigningSecret(trackerSecret, advertiser.id, v),
    ),
  );
  return signatureMatches(secrets, credential.signed, receivedAt);
}

export function invalidToken(): ApiError {
  return new ApiError('unauthorized', 'Invalid postback token', { reason: 'bad_credential' });
}
