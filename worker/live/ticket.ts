import { base64url, hmacSha256, randomToken, timingSafeEqual } from '../lib/crypto.ts';
import type { LiveScope } from './events.ts';

// Browsers cannot set headers on a WebSocket, so the key is exchanged for a ticket by an
// authenticated POST; the ticket opens one connection, for its scope only, within this time.
export const TICKET_SECONDS = 60;

// How the route hands a verified ticket's nonce and expiry to the channel.
export const NONCE_HEADER = 'x-live-ticket-nonce';
export const EXPIRES_HEADER = 'x-live-ticket-expires';

export interface LiveTicket {
  scope: LiveScope;
  nonce: string;
  expiresAt: number;
}

const SCOPE = /^(admin|affiliate:[1-9][0-9]{0,9}|advertiser:[1-9][0-9]{0,9})$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const signingKey = (trackerSecret: string) => `live-ticket:${trackerSecret}`;

function fromBase64url(text: string): string | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return decoder.decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
}

export async function issueTicket(
  trackerSecret: string,
  scope: LiveScope,
  now = Date.now(),
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = Math.floor(now / 1000) + TICKET_SECONDS;
  const payload = base64url(encoder.encode(`${scope}|${expiresAt}|${randomToken('', 12)}`));
  const signature = base64url(await hmacSha256(signingKey(trackerSecret), payload));
  return { ticket: `${payload}.${signature}`, expiresAt };
}

/** The ticket's scope if it is ours, unexpired and well-formed; null otherwise (one answer for every failure). */
export async function verifyTicket(
  trackerSecret: string,
  ticket: string,
  now = Date.now(),
): Promise<LiveTicket | null> {
  if (ticket.length > 300) return null;
  const [payload, signature, extra] = ticket.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = base64url(await hmacSha256(signingKey(trackerSecret), payload));
  if (!timingSafeEqual(expected, signature)) return null;
  const [scope, expires, nonce] = (fromBase64url(payload) ?? '').split('|');
  const expiresAt = Number(expires);
  if (!scope || !SCOPE.test(scope) || !nonce || !Number.isInteger(expiresAt)) return null;
  if (expiresAt * 1000 < now) return null;
  return { scope: scope as LiveScope, nonce, expiresAt };
}
