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
import { signatureHeader } from './signing.ts';
import { advertiserSigningSecret } from '../../lib/secrets.ts';

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
  return { body, signature: await signatureHeader(SIGNING_SECRET, body) };
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
