import { timingSafeEqual } from 'node:crypto';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// The driver takes credentials from URL.username/password, which keep percent-encoding.
function credentialMatches(sent: string, expected: string): boolean {
  return sameText(sent, expected) || sameText(percentDecoded(sent), expected);
}

/** True when the Authorization header carries exactly these Basic credentials. */
export function basicAuthMatches(
  header: string | undefined,
  username: string,
  password: string,
): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = credentialMatches(decoded.slice(0, colon), username);
  const passOk = credentialMatches(decoded.slice(colon + 1), password);
  return userOk && passOk;
}
