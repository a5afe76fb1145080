import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
  defaultAdvertiserToken,
} from '../api.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';
import { signatureHeader, v1SignatureHeader } from './signing.ts';
import { advertiserSigningSecret } from '../../lib/secrets.ts';
import { V1_ACCEPTED_UNTIL } from '../../tracking/postback-signature.ts';

// Status moves are the advertiser's: it signs with its signing secret or sends its token.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();
const SIGNING_SECRET = await advertiserSigningSecret(env.TRACKER_SECRET, 1, 1);

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('replay'));
  campaign = await createCampaign({ name: unique('replay') });
});

interface Captured {
  body: string;
  signature: string;
}

async function signed(fields: Record<string, string | number>): Promise<Captured> {
  const body = JSON.stringify(fields);
  return {
    body,
    signature: await signatureHeader(SIGNING_SECRET, {
      method: 'POST',
      path: '/postback',
      payload: body,
    }),
  };
}

const send = (c: Captured) =>
  api('/postback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-postback-signature': c.signature },
    body: c.body,
  });

async function statusOf(clickId: string): Promise<string> {
  const res = await api(`/affiliates/${affiliate.id}/conversions`, { key: affiliate.apiKey });
  return (await json(res)).data.find((c: { click_id: string }) => c.click_id === clickId).status;
}

describe('7. signed postback replays within the signature window', () => {
  it('cannot revert a status: signed requests move a status only forward (pending, approved, rejected)', async () => {
    const clickId = unique('replayed');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const base = { affiliate_id: affiliate.id, click_id: clickId, txid: 'T1', amount: '10' };
    const pending = await signed({ ...base, status: 'pending' });
    const approved = await signed({ ...base, status: 'approved' });
    const rejected = await signed({ ...base, status: 'rejected' });

    expect((await send(pending)).status).toBe(200);
    expect((await json(await send(approved))).status_changed).toBe(true);
    // An attacker who captured the first request replays it within the 5 minutes.
    const replay = await send(pending);
    const body = await expectError(replay, 409, 'conflict');
    expect(body.error.message).toMatch(/forward/);
    expect(await statusOf(clickId)).toBe('approved');

    // A chargeback still moves it on; replaying the approval cannot undo that.
    expect((await json(await send(rejected))).status_changed).toBe(true);
    await expectError(await send(approved), 409, 'conflict');
    expect(await statusOf(clickId)).toBe('rejected');

    // The identical request again (an honest retry) is the usual idempotent duplicate.
    const retry = await json(await send(rejected));
    expect(retry.duplicate).toBe(true);
  });

  it('still lets the token holder move a status back', async () => {
    const clickId = unique('token-move');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const get = (status: string) =>
      api(
        `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&status=${status}&token=${ADVERTISER_TOKEN}`,
      );
    expect((await get('approved')).status).toBe(200);
    expect((await json(await get('pending'))).status_changed).toBe(true);
  });
});

describe('2. a captured signed postback replayed with added fields or to another route', () => {
  const clickFor = async () => {
    const clickId = unique('captured');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    return clickId;
  };
  const conversionsOf = async (clickId: string) =>
    (
      await json(await api(`/affiliates/${affiliate.id}/conversions`, { key: affiliate.apiKey }))
    ).data.filter((c: { click_id: string }) => c.click_id === clickId);
  const formPost = (path: string, body: string, signature: string) =>
    api(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-postback-signature': signature,
      },
      body,
    });

  it.each([
    ['a new txid', 'txid=minted-1'],
    ['a new event', 'et=minted'],
    ['a rejection', 'status=rejected'],
  ])('a signed POST to a preset with %s added in the URL is refused', async (_, added) => {
    const clickId = await clickFor();
    const body = `affiliate_id=${affiliate.id}&cid=${clickId}&payout=10`;
    const signature = await signatureHeader(SIGNING_SECRET, {
      method: 'POST',
      path: '/postback/voluum',
      payload: body,
    });
    expect((await formPost('/postback/voluum', body, signature)).status).toBe(200);
    const replay = await formPost(`/postback/voluum?${added}`, body, signature);
    expect(replay.status, await replay.clone().text()).toBe(401);
    expect(await replay.text()).toMatch(/signed POST must carry every field in the signed body/);
    const stored = await conversionsOf(clickId);
    expect(stored).toHaveLength(1);
    expect(stored[0].status).not.toBe('rejected');
  });

  it("a signed Affise GET replayed to RedTrack's route, or to /postback, is refused", async () => {
    const clickId = await clickFor();
    const query = `affiliate_id=${affiliate.id}&clickid=${clickId}&sum=10&action_id=A1&status=approved`;
    const signature = await signatureHeader(SIGNING_SECRET, {
      method: 'GET',
      path: '/postback/affise',
      payload: query,
    });
    const send = (path: string) =>
      api(`${path}?${query}`, { headers: { 'x-postback-signature': signature } });
    expect((await send('/postback/affise')).status).toBe(200);
    expect((await send('/postback/redtrack')).status).toBe(401);
    // /postback reads none of Affise's names: refused whatever the signature says.
    expect((await send('/postback')).status).toBeGreaterThanOrEqual(400);
    expect(await conversionsOf(clickId)).toHaveLength(1);
  });

  it('a signed form POST replayed as a GET with the same fields is refused', async () => {
    const clickId = await clickFor();
    const body = `affiliate_id=${affiliate.id}&click_id=${clickId}&txid=M1&amount=10`;
    const signature = await signatureHeader(SIGNING_SECRET, {
      method: 'POST',
      path: '/postback',
      payload: body,
    });
    expect((await formPost('/postback', body, signature)).status).toBe(200);
    const asGet = await api(`/postback?${body.replace('txid=M1', 'txid=M2')}`, {
      headers: { 'x-postback-signature': signature },
    });
    await expectError(asGet, 401, 'unauthorized');
    const sameGet = await api(`/postback?${body}`, {
      headers: { 'x-postback-signature': signature },
    });
    await expectError(sameGet, 401, 'unauthorized');
    expect(await conversionsOf(clickId)).toHaveLength(1);
  });

  it('a v1 signature, which binds neither method nor path, is refused on a preset and says to use v2', async () => {
    const clickId = await clickFor();
    const query = `affiliate_id=${affiliate.id}&clickid=${clickId}&sum=10&action_id=A1`;
    const res = await api(`/postback/redtrack?${query}`, {
      headers: { 'x-postback-signature': await v1SignatureHeader(SIGNING_SECRET, query) },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/v1 signature is not accepted on \/postback\/redtrack.*v2/);
    expect(await conversionsOf(clickId)).toHaveLength(0);
  });

  it('a v1 signature is still accepted on /postback during its deprecation window', async () => {
    const clickId = await clickFor();
    const body = JSON.stringify({ affiliate_id: affiliate.id, click_id: clickId, amount: '10' });
    const res = await api('/postback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-postback-signature': await v1SignatureHeader(SIGNING_SECRET, body),
      },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('deprecation')).toBeTruthy();
    expect(res.headers.get('sunset')).toBe(V1_ACCEPTED_UNTIL.toUTCString());
  });
});
