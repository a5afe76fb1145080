import { base64url, hmacHex, hmacSha256 } from './crypto.ts';

// The postback secret is derived, not stored: the affiliate can always see it, and rotation bumps the version.
export async function postbackSecret(trackerSecret: string, affiliateId: number, version: number): Promise<string> {
  return `pb_${base64url((await hmacSha256(trackerSecret, `postback-secret:${affiliateId}:${version}`)).slice(0, 24))}`;
}

export async function hashIp(trackerSecret: string, ip: string): Promise<string> {
  return (await hmacHex(trackerSecret, `ip:${ip}`)).slice(0, 32);
}
