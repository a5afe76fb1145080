import { base64url, hmacHex, hmacSha256 } from './crypto.ts';

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
