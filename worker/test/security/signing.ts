import { hmacHex } from '../../lib/crypto.ts';
import { v2SigningString } from '../../tracking/postback-signature.ts';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface SignedParts {
  method: 'GET' | 'POST';
  path: string;
  // The raw query of a GET (no "?"), or the raw body of a POST.
  payload: string;
}

// The documented header (docs/postback-signing.md): "t=<unix seconds>,v2=<hex HMAC-SHA256 of the v2 string>".
export async function signatureHeader(
  secret: string,
  { method, path, payload }: SignedParts,
  t = nowSeconds(),
): Promise<string> {
  return `t=${t},v2=${await hmacHex(secret, v2SigningString(String(t), method, path, payload))}`;
}

// The deprecated v1 header, over "<t>.<payload>" alone: accepted on /postback until V1_ACCEPTED_UNTIL.
export async function v1SignatureHeader(
  secret: string,
  payload: string,
  t = nowSeconds(),
): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${payload}`)}`;
}
