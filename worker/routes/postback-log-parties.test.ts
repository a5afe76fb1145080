import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiWithEnv,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../test/api.ts';
import { eventually, setDatabaseFailure } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';
import { queryString, unique } from '../test/security/requests.ts';
import { signatureHeader } from '../test/security/signing.ts';

// Whose log a refused postback lands in: its advertiser's once the sender proved who it is, nobody's before.
let acme: TestAdvertiser;
let zenith: TestAdvertiser;
let affiliate: TestAffiliate;
let campaignId: number;

beforeAll(async () => {
  [acme, zenith] = await Promise.all([
    createAdvertiser(unique('Acme')),
    createAdvertiser(unique('Zenith')),
  ]);
  affiliate = await createAffiliate(unique('Refused partner'));
  campaignId = (
    await createCampaign({
      name: unique('Acme offer'),
      advertiser_id: acme.id,
      default_payout: '5',
    })
  ).id;
});

async function click(campaign = campaignId): Promise<string> {
  const clickId = unique('rp');
  expect(
    (
      await api(
        `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign}&click_id=${clickId}&format=json`,
      )
    ).status,
  ).toBe(200);
  return clickId;
}

const postback = (params: Record<string, string | number>, headers: Record<string, string> = {}) =>
  api(`/postback?${queryString(params)}`, { headers });

type Entry = Record<string, unknown>;
const logOf = async (clickId: string, key: string): Promise<Entry[]> =>
  (await json(await api(`/postback-log?click_id=${clickId}`, { key }))).data;
// The log is written through the queue: the admin's view says when the attempt has landed.
const landed = (clickId: string) =>
  eventually(
    () => logOf(clickId, env.ADMIN_TOKEN),
    (entries) => entries.length > 0,
  );

describe("a refused postback whose sender proved who it is, in its advertiser's log", () => {
  it("an affiliate's secret with status=approved: the same 403, in Acme's log with campaign and affiliate, not in Zenith's", async () => {
    const clickId = await click();
    const body = await expectError(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        status: 'approved',
        token: affiliate.postbackSecret,
      }),
      403,
      'forbidden',
    );
    expect(body.error.message).toBe(
      "status is refused: a conversion reported with an affiliate's postback secret is pending until the advertiser or the network decides it; remove status=approved",
    );
    const [entry] = await landed(clickId);
    const expected = {
      outcome: 'refused',
      http_status: 403,
      reason: 'parameter_refused',
      message: body.error.message,
      credential_kind: 'affiliate',
      advertiser_id: acme.id,
      campaign_id: campaignId,
      affiliate_id: affiliate.id,
      conversion_id: null,
    };
    expect(entry).toMatchObject(expected);
    expect(await logOf(clickId, acme.apiKey)).toEqual([entry]);
    expect(await logOf(clickId, zenith.apiKey)).toEqual([]);
    // The admin finds it by campaign and affiliate too.
    const scoped = await json(
      await asAdmin(
        `/postback-log?campaign_id=${campaignId}&affiliate_id=${affiliate.id}&outcome=refused&limit=500`,
      ),
    );
    expect(scoped.data.filter((e: Entry) => e.click_id === clickId)).toEqual([entry]);
  });

  it("a campaign that takes conversions only from its advertiser: affiliate_postbacks_refused in Acme's log", async () => {
    const strict = (
      await createCampaign({
        name: unique('Acme strict'),
        advertiser_id: acme.id,
        affiliate_postbacks: 'refused',
      })
    ).id;
    const clickId = await click(strict);
    const body = await expectError(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        amount: 30,
        token: affiliate.postbackSecret,
      }),
      403,
      'forbidden',
    );
    expect(body.error.message).toBe(
      `Campaign ${strict} takes conversions only from its advertiser: an affiliate's postback secret cannot create them here`,
    );
    await landed(clickId);
    expect(await logOf(clickId, acme.apiKey)).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        http_status: 403,
        reason: 'affiliate_postbacks_refused',
        advertiser_id: acme.id,
        campaign_id: strict,
        affiliate_id: affiliate.id,
      }),
    ]);
    expect(await logOf(clickId, zenith.apiKey)).toEqual([]);
  });

  it("an advertiser's replay against the network's decision: weaker_credential with the conversion it was about", async () => {
    const clickId = await click();
    const created = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'w1',
        token: acme.postbackToken,
      }),
    );
    await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      txid: 'w1',
      status: 'rejected',
      token: env.ADMIN_TOKEN,
    });
    await expectError(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'w1',
        status: 'approved',
        token: acme.postbackToken,
      }),
      403,
      'forbidden',
    );
    const refused = await eventually(
      async () => (await logOf(clickId, acme.apiKey)).filter((e) => e.outcome === 'refused'),
      (entries) => entries.length > 0,
    );
    expect(refused).toEqual([
      expect.objectContaining({
        reason: 'weaker_credential',
        credential_kind: 'advertiser',
        campaign_id: campaignId,
        affiliate_id: affiliate.id,
        conversion_id: created.data.conversion_id,
      }),
    ]);
  });
});

describe("a refused postback whose sender did not prove who it is, the admin's alone", () => {
  const wrongToken = 'not-the-secret-0123456789';
  const unverified = {
    outcome: 'refused',
    advertiser_id: null,
    campaign_id: null,
    affiliate_id: null,
    conversion_id: null,
  };
  // Each sends one refused postback for a click on Acme's campaign and says which click id it named.
  const cases: [
    string,
    number,
    string,
    (clickId: string) => Promise<{ res: Response; named: string }>,
  ][] = [
    [
      'a wrong token',
      401,
      'bad_credential',
      async (clickId) => ({
        res: await postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          status: 'approved',
          token: wrongToken,
        }),
        named: clickId,
      }),
    ],
    [
      'a wrong token without affiliate_id',
      401,
      'bad_credential',
      async (clickId) => ({
        res: await postback({ click_id: clickId, status: 'approved', token: wrongToken }),
        named: clickId,
      }),
    ],
    [
      "a forged token in Acme's name",
      401,
      'bad_credential',
      async (clickId) => ({
        res: await postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          token: `apt_${acme.id}_${'A'.repeat(32)}`,
        }),
        named: clickId,
      }),
    ],
    [
      'a signature with the wrong secret',
      401,
      'bad_credential',
      async (clickId) => {
        const query = queryString({
          affiliate_id: affiliate.id,
          click_id: clickId,
          status: 'approved',
        });
        return {
          res: await api(`/postback?${query}`, {
            headers: {
              'x-postback-signature': await signatureHeader('f'.repeat(64), {
                method: 'GET',
                path: '/postback',
                payload: query,
              }),
            },
          }),
          named: clickId,
        };
      },
    ],
    [
      "the affiliate's own secret on a click id it never had",
      404,
      'unknown_click',
      async () => {
        const named = unique('rp-never');
        return {
          res: await postback({
            affiliate_id: affiliate.id,
            click_id: named,
            token: affiliate.postbackSecret,
          }),
          named,
        };
      },
    ],
  ];

  it.each(cases)('%s: %i, logged with no parties', async (_, status, reason, send) => {
    const { res, named } = await send(await click());
    await expectError(res, status);
    expect(await landed(named)).toEqual([
      expect.objectContaining({ ...unverified, http_status: status, reason }),
    ]);
    expect(await logOf(named, acme.apiKey)).toEqual([]);
  });
});

describe('a postback queued while the database is down', () => {
  it("names no advertiser for a forged token in an advertiser's name", async () => {
    const victim = await createAdvertiser(unique('Victim'));
    const clickId = await click();
    // Its settings out of the edge cache, as a day after they were last read: only the database knows them.
    await env.TRACKING_CONFIG.delete(`advertiser:${victim.id}`);
    const query = queryString({
      affiliate_id: affiliate.id,
      click_id: clickId,
      status: 'approved',
      token: `apt_${victim.id}_${'B'.repeat(32)}`,
    });
    await setDatabaseFailure('503');
    let res: Response;
    try {
      res = await apiWithEnv(`/postback?${query}`, {});
    } finally {
      await setDatabaseFailure(null);
    }
    expect(res.status).toBe(202);
    expect(await landed(clickId)).toEqual([
      expect.objectContaining({ outcome: 'queued', advertiser_id: null, campaign_id: null }),
    ]);
    expect(await logOf(clickId, victim.apiKey)).toEqual([]);
  });

  it("names Acme for Acme's own token once it held", async () => {
    const clickId = await click();
    // Acme's settings in this isolate's memory: the token is checked without the database.
    expect((await postback({ click_id: unique('warm'), token: acme.postbackToken })).status).toBe(
      401,
    );
    await setDatabaseFailure('503');
    let res: Response;
    try {
      res = await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        status: 'approved',
        token: acme.postbackToken,
      });
    } finally {
      await setDatabaseFailure(null);
    }
    expect(res.status).toBe(202);
    const [entry] = await eventually(
      () => logOf(clickId, acme.apiKey),
      (entries) => entries.length > 0,
    );
    expect(entry).toMatchObject({ outcome: 'queued', advertiser_id: acme.id });
  });
});
