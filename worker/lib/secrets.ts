import { toMysqlDatetime } from '../db/time.ts';
import { base64url, hmacHex, hmacSha256, randomToken, sha256Hex } from './crypto.ts';

// The postback secret is derived, not stored: the affiliate can always see it, and rotation bumps the version.
export async function postbackSecret(
  trackerSecret: string,
  affiliateId: number,
  version: number,
): Promise<string> {
  return `pb_${base64url((await hmacSha256(trackerSecret, `postback-secret:${affiliateId}:${version}`)).slice(0, 24))}`;
}

// An advertiser's postback token names the advertiser, so /postback knows whose secrets to check before any lookup.
export async function advertiserPostbackToken(
  trackerSecret: string,
  advertiserId: number,
  version: number,
): Promise<string> {
  return `apt_${advertiserId}_${base64url((await hmacSha256(trackerSecret, `advertiser-postback-token:${advertiserId}:${version}`)).slice(0, 24))}`;
}

// The key an advertiser signs postbacks with (x-postback-signature); never sent over the wire.
export async function advertiserSigningSecret(
  trackerSecret: string,
  advertiserId: number,
  version: number,
): Promise<string> {
  return `aps_${base64url((await hmacSha256(trackerSecret, `advertiser-signing-secret:${advertiserId}:${version}`)).slice(0, 24))}`;
}

export function advertiserIdOfToken(token: string): number | undefined {
  const m = /^apt_([1-9]\d{0,9})_[A-Za-z0-9_-]{16,64}$/.exec(token);
  return m ? Number(m[1]) : undefined;
}

export async function hashIp(trackerSecret: string, ip: string): Promise<string> {
  return (await hmacHex(trackerSecret, `ip:${ip}`)).slice(0, 32);
}

/** A new API key for an affiliate (`ak_`) or an advertiser (`adk_`): shown once, only its hash stored. */
export async function issueApiKey(
  prefix: 'ak_' | 'adk_',
): Promise<{ apiKey: string; apiKeyHash: string }> {
  const apiKey = randomToken(prefix, 24);
  return { apiKey, apiKeyHash: await sha256Hex(apiKey) };
}

// How long a rotated postback secret keeps working unless the rotation says otherwise.
export const DEFAULT_GRACE_HOURS = 24;

/** A rotation of a party's postback secrets: the next version, and until when the previous one holds (0 hours: not at all). */
export function rotatedSecretVersion(
  current: number,
  graceHours: number,
  now = Date.now(),
): { postbackSecretVersion: number; previousSecretValidUntil: string | null } {
  return {
    postbackSecretVersion: current + 1,
    previousSecretValidUntil:
      graceHours > 0 ? toMysqlDatetime(new Date(now + graceHours * 3_600_000)) : null,
  };
}
