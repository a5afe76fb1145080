import { hmacHex } from '../../lib/crypto.ts';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// The documented signature header: "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>">".
export async function signatureHeader(
  secret: string,
  payload: string,
  t = nowSeconds(),
): Promise<string> {
  return `t=${t},v1=${await hmacHex(secret, `${t}.${payload}`)}`;
}
