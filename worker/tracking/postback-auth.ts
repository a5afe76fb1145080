import { fromMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { hmacHex, timingSafeEqual } from '../lib/crypto.ts';
import { postbackSecret } from '../lib/secrets.ts';
import type { AffiliateConfig } from '../lib/config-cache.ts';

export const SIGNATURE_HEADER = 'x-postback-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface PostbackCredential {
  token?: string | undefined;
  // Carried through the deferred-postback queue instead of the token: a keyed digest, never the secret.
  tokenReference?: string | undefined;
  // "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">"; payload is the raw body, or the raw query for GET.
  signature?: string | undefined;
  payload?: string | undefined;
}

/** What the queue carries for a token: checkable against the affiliate's secrets, useless as a credential. */
export function tokenReference(trackerSecret: string, token: string): Promise<string> {
  return hmacHex(trackerSecret, `queued-postback-token:${token}`);
}

// The current secret, plus the previous one while a rotation's grace period lasts.
async function acceptedSecrets(trackerSecret: string, affiliate: AffiliateConfig, now: Date): Promise<string[]> {
  const secrets = [await postbackSecret(trackerSecret, affiliate.id, affiliate.postbackSecretVersion)];
  const graceUntil = affiliate.previousSecretValidUntil;
  if (affiliate.postbackSecretVersion > 1 && graceUntil && fromMysqlDatetime(graceUntil) > now) {
    secrets.push(await postbackSecret(trackerSecret, affiliate.id, affiliate.postbackSecretVersion - 1));
  }
  return secrets;
}

export async function authenticatePostback(
  trackerSecret: string,
  affiliate: AffiliateConfig,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<void> {
  const secrets = await acceptedSecrets(trackerSecret, affiliate, receivedAt);
  if (credential.signature !== undefined) {
    if (await signatureMatches(secrets, credential.signature, credential.payload ?? '', receivedAt)) return;
    throw new ApiError('unauthorized', 'Invalid postback signature: check the secret, the timestamp and that the payload is signed unchanged');
  }
  const { token, tokenReference: reference } = credential;
  if (!token && !reference) throw new ApiError('unauthorized', `Missing postback token: add token=<postback secret> or sign the request (${SIGNATURE_HEADER})`);
  let ok = false;
  for (const secret of secrets) {
    ok = (token ? timingSafeEqual(secret, token) : timingSafeEqual(await tokenReference(trackerSecret, secret), reference!)) || ok;
  }
  if (!ok) throw new ApiError('unauthorized', 'Invalid postback token');
}

async function signatureMatches(secrets: string[], header: string, payload: string, receivedAt: Date): Promise<boolean> {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return false;
  if (Math.abs(receivedAt.getTime() / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = await hmacHex(secret, `${t}.${payload}`);
    for (const given of signatures) ok = timingSafeEqual(expected, given) || ok;
  }
  return ok;
}
