import { base64url, hmacSha256, randomToken, timingSafeEqual } from './crypto.ts';

export interface ClickIdClaims {
  affiliateId: number;
  campaignId: number;
  clickedAt: Date;
}

// affiliate.campaign.seconds (base 36) . nonce . signature: attribution travels inside the id.
// The shape is matched in any letter case, so a re-cased copy of a signed id is still held to its
// signature (which covers the exact text) instead of passing as a caller-supplied id.
const SIGNED =
  /^([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})$/i;

async function sign(secret: string, body: string): Promise<string> {
  return base64url((await hmacSha256(secret, `click-id:${body}`)).slice(0, 12));
}

export async function generateClickId(secret: string, claims: ClickIdClaims): Promise<string> {
  const seconds = Math.floor(claims.clickedAt.getTime() / 1000);
  const body = `${claims.affiliateId.toString(36)}.${claims.campaignId.toString(36)}.${seconds.toString(36)}.${randomToken('', 6)}`;
  return `${body}.${await sign(secret, body)}`;
}

export function looksSigned(clickId: string): boolean {
  return SIGNED.test(clickId);
}

// Claims of a generated id, or null when it is not one of ours or was tampered with.
export async function verifyClickId(
  secret: string,
  clickId: string,
): Promise<ClickIdClaims | null> {
  const match = SIGNED.exec(clickId);
  if (!match) return null;
  const [, affiliate, campaign, seconds, , signature] = match;
  const body = clickId.slice(0, clickId.lastIndexOf('.'));
  if (!timingSafeEqual(await sign(secret, body), signature!)) return null;
  return {
    affiliateId: parseInt(affiliate!, 36),
    campaignId: parseInt(campaign!, 36),
    clickedAt: new Date(parseInt(seconds!, 36) * 1000),
  };
}
