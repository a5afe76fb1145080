import { base64url, hmacSha256, randomToken, timingSafeEqual } from './crypto.ts';

/**
 * What the edge knew of the visit when it issued the id, so a postback that arrives before the
 * click row is held and priced exactly as if the row had landed. `suspicious` is null when the
 * click was not scored (a crawler or HEAD request, never recorded).
 */
export interface ClickVisit {
  country: string | null;
  suspicious: boolean | null;
  ipHash: string | null;
}

export interface ClickIdClaims {
  affiliateId: number;
  campaignId: number;
  clickedAt: Date;
  // Absent from ids issued before the visit was signed into them.
  visit?: ClickVisit | undefined;
}

// affiliate.campaign.seconds (base 36) . nonce [. country, verdict, visitor] . signature: attribution
// travels inside the id. The shape is matched in any letter case, so a re-cased copy of a signed id
// is still held to its signature (which covers the exact text) instead of passing as a caller-supplied id.
const SIGNED =
  /^([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{8})(?:\.([A-Z][A-Z0-9]|--)([scu])([A-Za-z0-9_-]{22})?)?\.([A-Za-z0-9_-]{16})$/i;

const VERDICT = { s: true, c: false, u: null } as const;

async function sign(secret: string, body: string): Promise<string> {
  return base64url((await hmacSha256(secret, `click-id:${body}`)).slice(0, 12));
}

export async function generateClickId(secret: string, claims: ClickIdClaims): Promise<string> {
  const seconds = Math.floor(claims.clickedAt.getTime() / 1000);
  let body = `${claims.affiliateId.toString(36)}.${claims.campaignId.toString(36)}.${seconds.toString(36)}.${randomToken('', 6)}`;
  if (claims.visit) body += `.${visitSegment(claims.visit)}`;
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
  const [, affiliate, campaign, seconds, , country, verdict, visitor, signature] = match;
  const body = clickId.slice(0, clickId.lastIndexOf('.'));
  if (!timingSafeEqual(await sign(secret, body), signature!)) return null;
  return {
    affiliateId: parseInt(affiliate!, 36),
    campaignId: parseInt(campaign!, 36),
    clickedAt: new Date(parseInt(seconds!, 36) * 1000),
    ...(verdict && {
      visit: {
        country: country === '--' ? null : country!,
        suspicious: VERDICT[verdict as keyof typeof VERDICT],
        ipHash: visitor ? hexOf(visitor) : null,
      },
    }),
  };
}

// Country (-- when unknown), verdict (s suspicious, c clean, u unscored), then the visitor hash in base64url.
function visitSegment(v: ClickVisit): string {
  const verdict = v.suspicious === null ? 'u' : v.suspicious ? 's' : 'c';
  const visitor = v.ipHash && /^[0-9a-f]{32}$/.test(v.ipHash) ? base64url(bytesOf(v.ipHash)) : '';
  return `${v.country ?? '--'}${verdict}${visitor}`;
}

function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

function hexOf(b64url: string): string {
  const binary = atob(b64url.replace(/-/g, '+').replace(/_/g, '/'));
  return [...binary].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}
