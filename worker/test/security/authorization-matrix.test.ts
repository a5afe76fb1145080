import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  api,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../api.ts';
import { expectError } from './error-shape.ts';
import {
  appRoutes,
  fillPath,
  guardedRoutes,
  requestInit,
  routeAccess,
  successStatus,
  ticketRoutes,
  type PathIds,
  type RouteEntry,
} from './route-access.ts';
import { jsonBody, unique } from './requests.ts';

interface Party {
  affiliate: TestAffiliate;
  clickId: string;
  sub1: string;
  txid: string;
}

let campaign: { id: number };
let smartlink: number;
// Acme owns the matrix campaign (Alpha's and Bravo's traffic); Zenith owns another; Yankee takes the admin's writes.
let acme: TestAdvertiser;
let zenith: TestAdvertiser;
let zenithCampaign: { id: number; name: string };
let yankee: TestAdvertiser;
let acmeOldKey: string;
let pausedAdvertiserKey: string;
let alpha: Party;
let bravo: Party;
let charlie: TestAffiliate;
let alphaOldKey: string;
let disabledKey: string;
let bravoHook: string;
let bravoConversion: number;

async function partyWithData(name: string): Promise<Party> {
  const affiliate = await createAffiliate(unique(name));
  const clickId = unique(`${name}-click`);
  const sub1 = unique(`${name}-sub`);
  const txid = unique(`${name}-tx`);
  const click = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&sub1=${sub1}&format=json`,
  );
  expect(click.status).toBe(200);
  const postback = await api(
    `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&amount=7.5&txid=${txid}&token=${acme.postbackToken}`,
  );
  expect(postback.status).toBe(200);
  return { affiliate, clickId, sub1, txid };
}

// Everything that would reveal Bravo's business to somebody else.
function bravoMarkers(): string[] {
  const b = bravo.affiliate;
  return [b.name, b.apiKey, b.postbackSecret, bravo.clickId, bravo.sub1, bravo.txid, bravoHook];
}

async function expectNoBravoData(res: Response, label: string): Promise<string> {
  const text = await res.clone().text();
  for (const marker of bravoMarkers())
    expect(text.includes(marker), `${label} leaks ${marker}`).toBe(false);
  return text;
}

// Everything that would reveal Zenith's business, or an affiliate's credentials, to Acme.
function zenithMarkers(): string[] {
  const b = bravo.affiliate;
  return [
    zenith.name,
    zenith.apiKey,
    zenith.postbackToken,
    zenith.signingSecret,
    zenithCampaign.name,
    b.name,
    b.apiKey,
    b.postbackSecret,
    bravoHook,
  ];
}

async function expectNoZenithData(res: Response, label: string): Promise<void> {
  const text = await res.clone().text();
  for (const marker of zenithMarkers())
    expect(text.includes(marker), `${label} leaks ${marker}`).toBe(false);
}

const routeCall = (route: RouteEntry, ids: PathIds, auth: string | undefined, query = '') =>
  api(
    `${fillPath(route.path, { conversion: bravoConversion, ...ids })}${query}`,
    requestInit(route, auth === undefined ? {} : { authorization: auth }),
  );

// A "not found" for somebody else's id reads like one for an id nobody has.
const withoutIds = (message: string, ids: number[]) =>
  ids.reduce((m, id) => m.replace(new RegExp(`\\b${id}\\b`, 'g'), 'ID'), message);

beforeAll(async () => {
  acme = await createAdvertiser(unique('acme'));
  zenith = await createAdvertiser(unique('zenith'));
  yankee = await createAdvertiser(unique('yankee'));
  const zenithName = unique('Zenith campaign');
  zenithCampaign = {
    ...(await createCampaign({ name: zenithName, advertiser_id: zenith.id })),
    name: zenithName,
  };
  acmeOldKey = acme.apiKey;
  acme.apiKey = (
    await json(await asAdmin(`/advertisers/${acme.id}/api-key`, { method: 'POST' }))
  ).data.api_key;
  pausedAdvertiserKey = (await createAdvertiser(unique('paused'), { status: 'paused' })).apiKey;
  campaign = await createCampaign({ name: unique('Matrix'), advertiser_id: acme.id });
  smartlink = (
    await json(
      await asAdmin(
        '/smartlinks',
        jsonBody({ name: unique('Matrix'), campaigns: [{ campaign_id: campaign.id, weight: 1 }] }),
      ),
    )
  ).data.id;
  alpha = await partyWithData('alpha');
  bravo = await partyWithData('bravo');
  bravoConversion = (await json(await asAdmin(`/affiliates/${bravo.affiliate.id}/conversions`)))
    .data[0].id;
  bravoHook = `https://${unique('bravo-hook')}.example/pb?c={click_id}`;
  expect(
    (
      await asAdmin(`/affiliates/${bravo.affiliate.id}`, {
        ...jsonBody({ outgoing_postback_url: bravoHook }),
        method: 'PATCH',
      })
    ).status,
  ).toBe(200);
  charlie = await createAffiliate(unique('charlie'));
  alphaOldKey = alpha.affiliate.apiKey;
  const rotated = await json(
    await asAdmin(`/affiliates/${alpha.affiliate.id}/api-key`, { method: 'POST' }),
  );
  alpha.affiliate.apiKey = rotated.data.api_key;
  const leaving = await createAffiliate(unique('disabled'));
  expect(
    (
      await asAdmin(`/affiliates/${leaving.id}`, {
        ...jsonBody({ status: 'disabled' }),
        method: 'PATCH',
      })
    ).status,
  ).toBe(200);
  disabledKey = leaving.apiKey;
});

describe('route table', () => {
  it('classifies every route the app answers, and nothing else', () => {
    expect(
      appRoutes()
        .map((r) => r.key)
        .sort(),
    ).toEqual(Object.keys(routeAccess).sort());
  });

  it('documents the bearer guard on exactly the non-public routes', async () => {
    const doc = await json(await api('/openapi.json'));
    for (const route of appRoutes()) {
      if (route.key === 'GET /openapi.json') continue;
      const op = doc.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op, `${route.key} is documented`).toBeDefined();
      const guarded =
        routeAccess[route.key] !== 'public' && routeAccess[route.key] !== 'live-ticket';
      expect(op.security ?? [], route.key).toEqual(guarded ? [{ bearer: [] }] : []);
    }
  });
});

const guarded = guardedRoutes();

const badCredentials: [string, () => string | undefined][] = [
  ['no Authorization header', () => undefined],
  ['Basic scheme', () => `Basic ${btoa('admin:password')}`],
  ['Bearer without a key', () => 'Bearer'],
  ['Bearer with a too-short key', () => 'Bearer abc'],
  ['another scheme', () => `Token ${alpha.affiliate.apiKey}`],
  ['a key with trailing junk', () => `Bearer ${alpha.affiliate.apiKey} extra`],
  ['two keys', () => `Bearer ${alpha.affiliate.apiKey},Bearer ${alpha.affiliate.apiKey}`],
  ['a wrong key', () => `Bearer ak_${crypto.randomUUID().replace(/-/g, '')}`],
  ['the admin token with one character changed', () => `Bearer ${mutate(adminToken)}`],
  ['a revoked (rotated) key', () => `Bearer ${alphaOldKey}`],
  ["a disabled affiliate's key", () => `Bearer ${disabledKey}`],
  ['a postback secret instead of an API key', () => `Bearer ${alpha.affiliate.postbackSecret}`],
  ['a revoked (rotated) advertiser key', () => `Bearer ${acmeOldKey}`],
  ["a paused advertiser's key", () => `Bearer ${pausedAdvertiserKey}`],
  ["an advertiser's postback token instead of an API key", () => `Bearer ${acme.postbackToken}`],
  ["an advertiser's signing secret instead of an API key", () => `Bearer ${acme.signingSecret}`],
];

function mutate(value: string): string {
  const last = value.at(-1) === 'a' ? 'b' : 'a';
  return `${value.slice(0, -1)}${last}`;
}

describe.each(guarded)('$key ($access)', (route) => {
  it.each(badCredentials)('answers 401 to %s', async (_label, credential) => {
    const res = await routeCall(
      route,
      { affiliate: bravo.affiliate.id, campaign: campaign.id, advertiser: zenith.id },
      credential(),
    );
    await expectNoBravoData(res, route.key);
    await expectNoZenithData(res, route.key);
    await expectError(res, 401, 'unauthorized');
  });

  it("gives Alpha's key the right answer on Bravo's and Alpha's resources, without a byte of Bravo's data", async () => {
    const key = `Bearer ${alpha.affiliate.apiKey}`;
    const onBravo = await routeCall(
      route,
      { affiliate: bravo.affiliate.id, campaign: campaign.id, advertiser: acme.id },
      key,
    );
    await expectNoBravoData(onBravo, `${route.key} on Bravo`);
    const onAlpha = await routeCall(
      route,
      { affiliate: alpha.affiliate.id, campaign: campaign.id, advertiser: acme.id },
      key,
      `?affiliate_id=${bravo.affiliate.id}`,
    );
    await expectNoBravoData(onAlpha, `${route.key} on Alpha with Bravo's id in the query`);
    const onNobody = await routeCall(
      route,
      { affiliate: 2_000_000_000, campaign: campaign.id, advertiser: 2_000_000_000 },
      key,
    );
    if (route.access === 'admin' || route.access === 'admin-or-advertiser') {
      await expectError(onBravo, 403, 'forbidden');
      await expectError(onAlpha, 403, 'forbidden');
      await expectError(onNobody, 403, 'forbidden');
    } else if (route.access === 'own-affiliate') {
      const hidden = await expectError(onBravo, 404, 'not_found');
      const missing = await expectError(onNobody, 404, 'not_found');
      // Another affiliate's id and an unused id look the same, so ids cannot be probed.
      expect(hidden.error.message.replace(String(bravo.affiliate.id), 'ID')).toBe(
        missing.error.message.replace('2000000000', 'ID'),
      );
      expect(onAlpha.status, await onAlpha.clone().text()).toBeLessThan(300);
      expect(onAlpha.status).toBeGreaterThanOrEqual(200);
    } else if (route.access === 'own-advertiser' || route.access === 'own-campaign') {
      // Advertisers' pages and campaigns' settings are not an affiliate's to read, not even the campaign it promotes.
      for (const res of [onBravo, onAlpha, onNobody]) await expectError(res, 404, 'not_found');
    } else {
      expect(onAlpha.status, await onAlpha.clone().text()).toBe(successStatus(route));
    }
  });

  it("gives Acme's advertiser key the right answer on its own and Zenith's resources, without a byte of Zenith's data", async () => {
    const key = `Bearer ${acme.apiKey}`;
    // Alpha's traffic runs on Acme's campaign: an advertiser still reads no affiliate's pages.
    const own = {
      affiliate: alpha.affiliate.id,
      campaign: campaign.id,
      advertiser: acme.id,
      smartlink,
    };
    const other = {
      affiliate: bravo.affiliate.id,
      campaign: zenithCampaign.id,
      advertiser: zenith.id,
      smartlink,
    };
    const nobody = {
      affiliate: 2_000_000_000,
      campaign: 2_000_000_000,
      advertiser: 2_000_000_000,
      smartlink: 2_000_000_000,
    };
    // Another advertiser's id in the query: a list route refuses the filter out loud (only the admin filters by advertiser).
    const foreign = route.access === 'admin-or-advertiser' ? '' : `advertiser_id=${zenith.id}&`;
    const onOwn = await routeCall(
      route,
      own,
      key,
      `?${foreign}campaign_id=${zenithCampaign.id}&affiliate_id=${bravo.affiliate.id}`,
    );
    const onOther = await routeCall(route, other, key);
    const onNobody = await routeCall(route, nobody, key);
    for (const [res, label] of [
      [onOwn, 'own'],
      [onOther, "Zenith's"],
      [onNobody, 'unused'],
    ] as const)
      await expectNoZenithData(res, `${route.key} on ${label} ids`);
    switch (route.access) {
      case 'admin':
      case 'admin-or-affiliate':
        for (const res of [onOwn, onOther, onNobody]) await expectError(res, 403, 'forbidden');
        break;
      case 'own-affiliate':
        for (const res of [onOwn, onOther, onNobody]) await expectError(res, 404, 'not_found');
        break;
      case 'own-advertiser':
      case 'own-campaign': {
        expect(onOwn.status, await onOwn.clone().text()).toBe(200);
        const hidden = await expectError(onOther, 404, 'not_found');
        const missing = await expectError(onNobody, 404, 'not_found');
        expect(withoutIds(hidden.error.message, [zenith.id, zenithCampaign.id])).toBe(
          withoutIds(missing.error.message, [2_000_000_000]),
        );
        break;
      }
      case 'any-key':
      case 'admin-or-advertiser':
        expect(onOwn.status, await onOwn.clone().text()).toBe(successStatus(route));
        break;
    }
  });

  it('lets the admin token in', async () => {
    const target = route.method === 'GET' ? bravo.affiliate.id : charlie.id;
    const advertiser = route.method === 'GET' ? acme.id : yankee.id;
    const res = await routeCall(
      route,
      { affiliate: target, campaign: campaign.id, smartlink, advertiser },
      `Bearer ${adminToken}`,
    );
    expect(res.status, `${route.key}: ${await res.clone().text()}`).toBe(successStatus(route));
  });
});

describe("what Alpha's key reads", () => {
  it('lists only Alpha itself, whatever the query says', async () => {
    const res = await api(
      `/affiliates?affiliate_id=${bravo.affiliate.id}&id=${bravo.affiliate.id}`,
      { key: alpha.affiliate.apiKey },
    );
    await expectNoBravoData(res, 'GET /affiliates');
    expect((await json(res)).data.map((a: { id: number }) => a.id)).toEqual([alpha.affiliate.id]);
  });

  it("reads Alpha's own clicks and conversions (so the leak checks above look at real data)", async () => {
    const clicks = await (
      await api(`/affiliates/${alpha.affiliate.id}/clicks`, { key: alpha.affiliate.apiKey })
    ).text();
    expect(clicks).toContain(alpha.clickId);
    const conversions = await (
      await api(`/affiliates/${alpha.affiliate.id}/conversions.csv`, {
        key: alpha.affiliate.apiKey,
      })
    ).text();
    expect(conversions).toContain(alpha.txid);
    const asAdminText = await (await asAdmin(`/affiliates/${bravo.affiliate.id}/clicks`)).text();
    expect(asAdminText).toContain(bravo.clickId);
  });

  it("may change only its own outgoing postback URL, never name or status, and never Bravo's", async () => {
    const own = await api(`/affiliates/${alpha.affiliate.id}`, {
      ...jsonBody({ name: 'Renamed' }),
      method: 'PATCH',
      key: alpha.affiliate.apiKey,
    });
    await expectError(own, 403, 'forbidden');
    const status = await api(`/affiliates/${alpha.affiliate.id}`, {
      ...jsonBody({ status: 'active' }),
      method: 'PATCH',
      key: alpha.affiliate.apiKey,
    });
    await expectError(status, 403, 'forbidden');
    const hook = await api(`/affiliates/${bravo.affiliate.id}`, {
      ...jsonBody({ outgoing_postback_url: 'https://attacker.example/{click_id}' }),
      method: 'PATCH',
      key: alpha.affiliate.apiKey,
    });
    await expectError(hook, 404, 'not_found');
    const bravoNow = await json(await asAdmin('/affiliates'));
    expect(
      bravoNow.data.find((a: { id: number }) => a.id === bravo.affiliate.id).outgoing_postback_url,
    ).toBe(bravoHook);
  });

  it("left Bravo's credentials untouched after every refused admin call", async () => {
    expect((await api('/me', { key: bravo.affiliate.apiKey })).status).toBe(200);
    const links = await json(
      await api(`/affiliates/${bravo.affiliate.id}/postback-url`, { key: bravo.affiliate.apiKey }),
    );
    expect(links.data.postback_secret).toBe(bravo.affiliate.postbackSecret);
  });
});

describe("what Acme's advertiser key reads", () => {
  it('is an advertiser to GET /me', async () => {
    const me = await json(await api('/me', { key: acme.apiKey }));
    expect(me.data).toEqual({
      role: 'advertiser',
      affiliate: null,
      advertiser: { id: acme.id, name: acme.name },
    });
  });

  it('lists only its own campaigns and itself, whatever the query says', async () => {
    const campaigns = await api(`/campaigns?advertiser_id=${zenith.id}`, { key: acme.apiKey });
    await expectNoZenithData(campaigns, 'GET /campaigns');
    expect((await json(campaigns)).data.map((c: { id: number }) => c.id)).toEqual([campaign.id]);
    const advertisers = await json(await api(`/advertisers?id=${zenith.id}`, { key: acme.apiKey }));
    expect(advertisers.data.map((a: { id: number }) => a.id)).toEqual([acme.id]);
  });

  it('is told why it may not list affiliates', async () => {
    const refused = await expectError(
      await api('/affiliates', { key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(refused.error.message).toContain('/advertisers/{id}/summary');
  });

  it("left Zenith's credentials untouched after every refused call", async () => {
    const own = await json(await api(`/advertisers/${zenith.id}`, { key: zenith.apiKey }));
    expect(own.data).toMatchObject({
      name: zenith.name,
      postback_token: zenith.postbackToken,
      signing_secret: zenith.signingSecret,
    });
  });
});

describe.each(ticketRoutes())('$key (live ticket)', (route) => {
  const upgrade = { upgrade: 'websocket' };
  const keys: [string, () => string][] = [
    ["Alpha's API key", () => alpha.affiliate.apiKey],
    ['the admin token', () => adminToken],
    ['a revoked (rotated) key', () => alphaOldKey],
    ["a disabled affiliate's key", () => disabledKey],
    ['a postback secret', () => alpha.affiliate.postbackSecret],
    ["Acme's advertiser key", () => acme.apiKey],
    ["a paused advertiser's key", () => pausedAdvertiserKey],
  ];

  it.each(keys)('takes no API key in place of a ticket: %s', async (_label, key) => {
    await expectError(
      await api(`${route.path}?ticket=${encodeURIComponent(key())}`, { headers: upgrade }),
      401,
      'unauthorized',
    );
    await expectError(
      await api(route.path, { headers: { ...upgrade, authorization: `Bearer ${key()}` } }),
      401,
      'unauthorized',
    );
  });

  it.each(badCredentials)('gives no ticket to %s', async (_label, credential) => {
    const auth = credential();
    const res = await api('/live/ticket', {
      method: 'POST',
      headers: auth === undefined ? {} : { authorization: auth },
    });
    await expectNoBravoData(res, 'POST /live/ticket');
    await expectError(res, 401, 'unauthorized');
  });

  it("scopes Alpha's ticket to Alpha, whatever the request says", async () => {
    const res = await api(`/live/ticket?affiliate_id=${bravo.affiliate.id}&scope=admin`, {
      method: 'POST',
      key: alpha.affiliate.apiKey,
    });
    expect((await json(res)).data.scope).toBe(`affiliate:${alpha.affiliate.id}`);
  });

  it("scopes Acme's ticket to Acme, whatever the request says", async () => {
    const res = await api(`/live/ticket?advertiser_id=${zenith.id}&scope=admin`, {
      method: 'POST',
      key: acme.apiKey,
    });
    expect((await json(res)).data.scope).toBe(`advertiser:${acme.id}`);
  });
});
