import { describe, expect, it } from 'vitest';
import { hmacHex } from '../lib/crypto.ts';
import {
  signatureMatches,
  V1_ACCEPTED_UNTIL,
  v1DeprecationHeaders,
  v2SigningString,
  type SignedRequest,
} from './postback-signature.ts';

const SECRET = 'aps_example-signing-secret';
const t = 1_796_000_000;
const at = new Date(t * 1000);

const v2 = async (method: string, path: string, payload: string) =>
  `t=${t},v2=${await hmacHex(SECRET, v2SigningString(String(t), method, path, payload))}`;
const v1 = async (payload: string) => `t=${t},v1=${await hmacHex(SECRET, `${t}.${payload}`)}`;

const request = (header: string, over: Partial<SignedRequest> = {}): SignedRequest => ({
  header,
  method: 'GET',
  path: '/postback/affise',
  payload: 'clickid=abc&sum=10',
  ...over,
});

describe('the v2 signing string', () => {
  it('is five lines: version, timestamp, method, path, payload', () => {
    expect(v2SigningString('1796000000', 'post', '/postback', '{"click_id":"abc"}')).toBe(
      'v2\n1796000000\nPOST\n/postback\n{"click_id":"abc"}',
    );
  });

  it('matches the worked example of docs/postback-signing.md', async () => {
    const payload = 'click_id=abc123&affiliate_id=1&amount=100.00&txid=ORD-1';
    expect(
      await hmacHex('aps_docs-example', v2SigningString('1796000000', 'GET', '/postback', payload)),
    ).toBe('249bc4608fedb6f5b5208b034be994d2e50268633af509eddde797c5d6d2c0d7');
  });
});

describe('signatureMatches', () => {
  it('binds the method, the path and the payload', async () => {
    const header = await v2('GET', '/postback/affise', 'clickid=abc&sum=10');
    expect(await signatureMatches([SECRET], request(header), at)).toBe(true);
    for (const over of [
      { method: 'POST' },
      { path: '/postback/redtrack' },
      { path: '/postback' },
      { payload: 'clickid=abc&sum=10&txid=2' },
    ]) {
      expect(
        await signatureMatches([SECRET], request(header, over), at),
        JSON.stringify(over),
      ).toBe(false);
    }
  });

  it('refuses a timestamp more than 5 minutes away, either side', async () => {
    const header = await v2('GET', '/postback/affise', 'clickid=abc&sum=10');
    for (const skew of [-301_000, 301_000])
      expect(await signatureMatches([SECRET], request(header), new Date(at.getTime() + skew))).toBe(
        false,
      );
  });

  it('accepts v1 on /postback only, and only until V1_ACCEPTED_UNTIL', async () => {
    const payload = '{"click_id":"abc"}';
    const onPostback = request(await v1(payload), { method: 'POST', path: '/postback', payload });
    expect(await signatureMatches([SECRET], onPostback, at)).toBe(true);
    expect(await signatureMatches([SECRET], { ...onPostback, path: '/postback/voluum' }, at)).toBe(
      false,
    );
    const late = Math.floor(V1_ACCEPTED_UNTIL.getTime() / 1000) + 10;
    const afterWindow = request(`t=${late},v1=${await hmacHex(SECRET, `${late}.${payload}`)}`, {
      method: 'POST',
      path: '/postback',
      payload,
    });
    expect(await signatureMatches([SECRET], afterWindow, new Date(late * 1000))).toBe(false);
  });

  it('names the deprecation only for a request signed with v1 alone', async () => {
    expect(v1DeprecationHeaders(request(await v1('x')))).toMatchObject({
      Sunset: V1_ACCEPTED_UNTIL.toUTCString(),
    });
    expect(v1DeprecationHeaders(request(await v2('GET', '/postback', 'x')))).toEqual({});
    expect(v1DeprecationHeaders(undefined)).toEqual({});
  });
});
