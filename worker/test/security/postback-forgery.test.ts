import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeferredPostback } from '../../queue/messages.ts';
import { CLICK_WAIT_ATTEMPTS } from '../../queue/postbacks.ts';
import { SIGNATURE_TOLERANCE_SECONDS } from '../../tracking/postback-signature.ts';
import { api, asAdmin, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { count, eventually } from '../db.ts';
import { watchWrites } from '../db-writes.ts';
import { deliver } from '../idempotency/queue-harness.ts';
import { expectError } from './error-shape.ts';
import { jsonBody, queryString, unique } from './requests.ts';
import { nowSeconds, signatureHeader } from './signing.ts';

let campaign: { id: number };
let alpha: TestAffiliate;
let bravo: TestAffiliate;
let alphaClick: string;
let alphaSignedClick: string;

beforeAll(async () => {
  campaign = await createCampaign({
    name: unique('Forgery'),
    offer_url: 'https://shop.example/land?c={click_id}',
  });
  alpha = await createAffiliate(unique('alpha'));
  bravo = await createAffiliate(unique('bravo'));
  alphaClick = unique('alpha-click');
  expect(
    (
      await api(
        `/click?affiliate_id=${alpha.id}&campaign_id=${campaign.id}&click_id=${alphaClick}&format=json`,
      )
    ).status,
  ).toBe(200);
  const redirect = await api(`/c/${campaign.id}/${alpha.id}`);
  alphaSignedClick = new URL(redirect.headers.get('location')!).searchParams.get('c')!;
  expect(alphaSignedClick).toMatch(/\./);
  // The redirect queued its click; let it land so the row counts below only move for our own reasons.
  expect(
    await eventually(
      () => count('clicks', sql`click_id = ${alphaSignedClick}`),
      (n) => n === 1,
    ),
  ).toBe(1);
});

const getPostback = (
  params: Record<string, string | number>,
  headers: Record<string, string> = {},
) => api(`/postback?${queryString(params)}`, { headers });

// Runs a refused attempt and proves it wrote nothing anywhere.
async function refused(
  attempt: () => Promise<Response>,
  status: number,
  code: string,
): Promise<void> {
  const writes = await watchWrites();
  const res = await attempt();
  const body = await expectError(res, status);
  expect(body.error.code).toBe(code);
  expect(await writes.done()).toEqual([]);
}

const base = () => ({
  affiliate_id: alpha.id,
  click_id: alphaClick,
  amount: '10.00',
  currency: 'USD',
  txid: unique('tx'),
});

describe('postback without a valid token', () => {
  it.each([
    ['no token at all', () => ({})],
    ['an empty token', () => ({ token: '' })],
    ['a wrong token', () => ({ token: 'pb_not-the-secret' })],
    ["Bravo's token on Alpha's postback", () => ({ token: bravo.postbackSecret })],
    ['the admin token with different case', () => ({ token: env.ADMIN_TOKEN.toUpperCase() })],
    ["Alpha's API key instead of the secret", () => ({ token: alpha.apiKey })],
    ['the secret with different case', () => ({ token: alpha.postbackSecret.toUpperCase() })],
    ['the secret plus a suffix', () => ({ token: `${alpha.postbackSecret}x` })],
  ])('refuses %s with 401 and writes nothing', async (_label, extra) => {
    await refused(() => getPostback({ ...base(), ...extra() }), 401, 'unauthorized');
  });

  it('refuses a JSON POST without a token', async () => {
    await refused(() => api('/postback', jsonBody(base())), 401, 'unauthorized');
  });

  it("refuses a disabled affiliate's own valid token", async () => {
    const leaving = await createAffiliate(unique('leaving'));
    const clickId = unique('leaving-click');
    await api(
      `/click?affiliate_id=${leaving.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    await asAdmin(`/affiliates/${leaving.id}`, {
      ...jsonBody({ status: 'disabled' }),
      method: 'PATCH',
    });
    await refused(
      () =>
        getPostback({ affiliate_id: leaving.id, click_id: clickId, token: leaving.postbackSecret }),
      401,
      'unauthorized',
    );
  });
});

describe('click ids and affiliates that do not belong together', () => {
  it("refuses Alpha's click with Bravo's affiliate id and token", async () => {
    await refused(
      () => getPostback({ ...base(), affiliate_id: bravo.id, token: bravo.postbackSecret }),
      404,
      'not_found',
    );
  });

  it("refuses a click id signed for Alpha with Bravo's affiliate id and token", async () => {
    await refused(
      () =>
        getPostback({
          ...base(),
          click_id: alphaSignedClick,
          affiliate_id: bravo.id,
          token: bravo.postbackSecret,
        }),
      404,
      'not_found',
    );
  });

  it("refuses a click id signed for Alpha with Bravo's token and no affiliate id", async () => {
    const { affiliate_id: _, ...params } = base();
    await refused(
      () => getPostback({ ...params, click_id: alphaSignedClick, token: bravo.postbackSecret }),
      401,
      'unauthorized',
    );
  });

  it('refuses a signed click id with a forged signature', async () => {
    const forged = `${alphaSignedClick.slice(0, -1)}${alphaSignedClick.endsWith('A') ? 'B' : 'A'}`;
    await refused(
      () => getPostback({ ...base(), click_id: forged, token: alpha.postbackSecret }),
      404,
      'not_found',
    );
  });

  it('refuses a signed click id whose claims were edited to point at Bravo', async () => {
    const [, ...rest] = alphaSignedClick.split('.');
    const edited = [bravo.id.toString(36), ...rest].join('.');
    await refused(
      () =>
        getPostback({
          ...base(),
          click_id: edited,
          affiliate_id: bravo.id,
          token: bravo.postbackSecret,
        }),
      404,
      'not_found',
    );
  });

  it('accepts the signed click id with the right token (control)', async () => {
    const res = await getPostback({
      ...base(),
      click_id: alphaSignedClick,
      token: alpha.postbackSecret,
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe('signed postbacks (x-postback-signature)', () => {
  const signedPost = async (
    body: unknown,
    opts: { secret?: string; t?: number; send?: string; query?: string } = {},
  ) => {
    const payload = JSON.stringify(body);
    const header = await signatureHeader(
      opts.secret ?? alpha.postbackSecret,
      { method: 'POST', path: '/postback', payload },
      opts.t,
    );
    return api(`/postback${opts.query ?? ''}`, {
      ...jsonBody(body),
      body: opts.send ?? payload,
      headers: { 'content-type': 'application/json', 'x-postback-signature': header },
    });
  };

  it('accepts a fresh signature over the exact body (control)', async () => {
    const res = await signedPost(base());
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('refuses a replay from outside the tolerance window, either side', async () => {
    await refused(
      () => signedPost(base(), { t: nowSeconds() - SIGNATURE_TOLERANCE_SECONDS - 5 }),
      401,
      'unauthorized',
    );
    await refused(
      () => signedPost(base(), { t: nowSeconds() + SIGNATURE_TOLERANCE_SECONDS + 5 }),
      401,
      'unauthorized',
    );
  });

  it('refuses a body changed after signing', async () => {
    const body = base();
    const tampered = JSON.stringify({ ...body, amount: '9999.00' });
    await refused(() => signedPost(body, { send: tampered }), 401, 'unauthorized');
    await refused(
      () => signedPost(body, { send: `${JSON.stringify(body)} ` }),
      401,
      'unauthorized',
    );
  });

  it('refuses unsigned query parameters added to a signed body', async () => {
    const { txid: _, ...body } = base();
    expect((await signedPost(body)).status).toBe(200);
    // A captured request replayed with a new txid in the URL must not mint a second conversion.
    await refused(
      () => signedPost(body, { query: `?txid=${unique('minted')}` }),
      401,
      'unauthorized',
    );
  });

  it("refuses a signature made with Bravo's secret or a guessed one", async () => {
    await refused(() => signedPost(base(), { secret: bravo.postbackSecret }), 401, 'unauthorized');
    await refused(() => signedPost(base(), { secret: 'pb_guess' }), 401, 'unauthorized');
  });

  it('refuses malformed signature headers even when a valid token is present', async () => {
    for (const header of [
      '',
      'v1=00',
      `t=${nowSeconds()}`,
      `t=abc,v1=${'0'.repeat(64)}`,
      `t=${nowSeconds()},v1=`,
      `t=${nowSeconds()},v1=${'0'.repeat(64)}`,
      'v2=00',
      `t=${nowSeconds()},v2=`,
      `t=${nowSeconds()},v2=${'0'.repeat(64)}`,
      `t=${nowSeconds()},v3=${'0'.repeat(64)}`,
      `t=-1,v2=${'0'.repeat(64)}`,
    ]) {
      await refused(
        () =>
          getPostback(
            { ...base(), token: alpha.postbackSecret },
            { 'x-postback-signature': header },
          ),
        401,
        'unauthorized',
      );
    }
  });

  it('refuses a signed GET whose query was changed after signing', async () => {
    const query = queryString(base());
    const header = await signatureHeader(alpha.postbackSecret, {
      method: 'GET',
      path: '/postback',
      payload: query,
    });
    const changed = query.replace('amount=10.00', 'amount=99.00');
    await refused(
      () => api(`/postback?${changed}`, { headers: { 'x-postback-signature': header } }),
      401,
      'unauthorized',
    );
    const ok = await api(`/postback?${query}`, { headers: { 'x-postback-signature': header } });
    expect(ok.status, await ok.clone().text()).toBe(200);
  });
});

describe('secret rotation', () => {
  it('refuses the old secret (token and signature) once a rotation without grace is done', async () => {
    const partner = await createAffiliate(unique('rotating'));
    const clickId = unique('rotating-click');
    await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const params = () => ({ affiliate_id: partner.id, click_id: clickId, txid: unique('tx') });
    const rotated = await json(
      await asAdmin(`/affiliates/${partner.id}/postback-secret`, jsonBody({ grace_hours: 0 })),
    );
    const fresh = rotated.data.postback_secret as string;
    expect(fresh).not.toBe(partner.postbackSecret);
    await refused(
      () => getPostback({ ...params(), token: partner.postbackSecret }),
      401,
      'unauthorized',
    );
    const body = params();
    const header = await signatureHeader(partner.postbackSecret, {
      method: 'POST',
      path: '/postback',
      payload: JSON.stringify(body),
    });
    await refused(
      () =>
        api('/postback', {
          ...jsonBody(body),
          headers: { 'content-type': 'application/json', 'x-postback-signature': header },
        }),
      401,
      'unauthorized',
    );
    expect((await getPostback({ ...params(), token: fresh })).status).toBe(200);
  });

  it('accepts the old secret during the grace period, and refuses it after a second rotation', async () => {
    const partner = await createAffiliate(unique('graceful'));
    const clickId = unique('graceful-click');
    await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const first = await json(
      await asAdmin(`/affiliates/${partner.id}/postback-secret`, jsonBody({ grace_hours: 1 })),
    );
    expect(
      (
        await getPostback({
          affiliate_id: partner.id,
          click_id: clickId,
          txid: unique('tx'),
          token: partner.postbackSecret,
        })
      ).status,
    ).toBe(200);
    await asAdmin(`/affiliates/${partner.id}/postback-secret`, jsonBody({ grace_hours: 1 }));
    // Only the immediately previous secret has grace; the one before it is dead.
    await refused(
      () =>
        getPostback({
          affiliate_id: partner.id,
          click_id: clickId,
          txid: unique('tx'),
          token: partner.postbackSecret,
        }),
      401,
      'unauthorized',
    );
    expect(
      (
        await getPostback({
          affiliate_id: partner.id,
          click_id: clickId,
          txid: unique('tx'),
          token: first.data.postback_secret,
        })
      ).status,
    ).toBe(200);
  });
});

describe('forgeries queued while the database is down', () => {
  it('are refused by the consumer and write nothing', async () => {
    const writes = await watchWrites();
    const messages: DeferredPostback[] = [
      {
        input: { click_id: alphaClick, txid: unique('q') },
        credential: { token: 'pb_wrong' },
        receivedAt: new Date().toISOString(),
      },
      {
        input: { click_id: alphaClick, affiliate_id: bravo.id, txid: unique('q') },
        credential: { token: bravo.postbackSecret },
        receivedAt: new Date().toISOString(),
      },
      {
        input: { click_id: alphaClick, txid: unique('q') },
        credential: {
          signed: {
            header: `t=${nowSeconds()},v2=${'0'.repeat(64)}`,
            method: 'POST',
            path: '/postback',
            payload: '{}',
          },
        },
        receivedAt: new Date().toISOString(),
      },
    ];
    const ids = messages.map((_, i) => `forged-${i}`);
    for (const attempts of [1, CLICK_WAIT_ATTEMPTS]) {
      const result = await deliver(
        'tracker-postbacks',
        messages.map((body, i) => ({ id: ids[i]!, attempts, body })),
      );
      const seen = [...result.explicitAcks, ...result.retryMessages.map((m) => m.msgId)].sort();
      expect(seen).toEqual(ids);
      // A bad credential is final at once; a click that fits no affiliate may still be queued, so it is looked up a few times first.
      expect(result.explicitAcks).toEqual(expect.arrayContaining(['forged-0', 'forged-2']));
      if (attempts === CLICK_WAIT_ATTEMPTS) expect(result.explicitAcks.sort()).toEqual(ids);
    }
    expect(await writes.done()).toEqual([]);
  });
});
