import { ApiError } from '../errors.ts';
import { hmacHex, timingSafeEqual } from '../lib/crypto.ts';

// The scheme is defined for senders in docs/postback-signing.md.
export const SIGNATURE_HEADER = 'x-postback-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;
// v1 binds neither method nor path: accepted on /postback alone, and only until this instant.
export const V1_DEPRECATED_SINCE = new Date('2026-12-07T00:00:00Z');
export const V1_ACCEPTED_UNTIL = new Date('2027-04-01T00:00:00Z');
const V1_PATH = '/postback';

/** A request as its signature covers it: the header as sent, and the method, path and raw fields. */
export interface SignedRequest {
  header: string;
  method: string;
  // The URL path as received, without the query: /postback or /postback/affise.
  path: string;
  // The raw query string of a GET (without "?"), or the raw body of a POST.
  payload: string;
}

/** What a sender signs with HMAC-SHA256 for "v2": five lines, the payload last and unchanged. */
export function v2SigningString(t: string, method: string, path: string, payload: string): string {
  return `v2\n${t}\n${method.toUpperCase()}\n${path}\n${payload}`;
}

interface ParsedHeader {
  t: string;
  v1: string[];
  v2: string[];
}

function parseHeader(header: string): ParsedHeader | undefined {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const values = (version: string) =>
    parts.filter(([k, v]) => k === version && v).map(([, v]) => v!);
  const parsed = { t: t ?? '', v1: values('v1'), v2: values('v2') };
  if (!/^\d{1,12}$/.test(parsed.t) || parsed.v1.length + parsed.v2.length === 0) return undefined;
  return parsed;
}

/** Deprecation and Sunset (RFC 9745, RFC 8594) for an answer to a request signed with v1 alone. */
export function v1DeprecationHeaders(signed: SignedRequest | undefined): Record<string, string> {
  const parsed = signed && parseHeader(signed.header);
  if (!parsed || parsed.v2.length > 0) return {};
  return {
    Deprecation: `@${Math.floor(V1_DEPRECATED_SINCE.getTime() / 1000)}`,
    Sunset: V1_ACCEPTED_UNTIL.toUTCString(),
  };
}

function v1Accepted(signed: SignedRequest, receivedAt: Date): boolean {
  return signed.path === V1_PATH && receivedAt < V1_ACCEPTED_UNTIL;
}

/** Whether the request was signed, within the tolerance, with one of `secrets`; compared in constant time. */
export async function signatureMatches(
  secrets: readonly string[],
  signed: SignedRequest,
  receivedAt: Date,
): Promise<boolean> {
  const parsed = parseHeader(signed.header);
  if (!parsed) return false;
  const { t } = parsed;
  if (Math.abs(receivedAt.getTime() / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const v1 = v1Accepted(signed, receivedAt) ? parsed.v1 : [];
  let ok = false;
  for (const secret of secrets) {
    if (parsed.v2.length > 0) {
      const expected = await hmacHex(
        secret,
        v2SigningString(t, signed.method, signed.path, signed.payload),
      );
      for (const given of parsed.v2) ok = timingSafeEqual(expected, given) || ok;
    }
    if (v1.length > 0) {
      const expected = await hmacHex(secret, `${t}.${signed.payload}`);
      for (const given of v1) ok = timingSafeEqual(expected, given) || ok;
    }
  }
  return ok;
}

export function invalidSignature(signed: SignedRequest | undefined): ApiError {
  const parsed = signed && parseHeader(signed.header);
  const onlyV1 = parsed !== undefined && parsed.v2.length === 0;
  const hint =
    onlyV1 && !v1Accepted(signed!, new Date())
      ? `: a v1 signature is not accepted on ${signed!.path}, sign the request with v2 (method, path and payload)`
      : ': check the secret, the timestamp and that the method, path and payload are signed unchanged';
  return new ApiError('unauthorized', `Invalid postback signature${hint}`, {
    reason: 'bad_credential',
  });
}
