import { beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, asAdmin, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { expectError } from './error-shape.ts';
import { appRoutes, fillPath, guardedRoutes, requestInit, routeAccess, successStatus, ticketRoutes, type PathIds, type RouteEntry } from './route-access.ts';
import { jsonBody, unique } from './requests.ts';

interface Party {
  affiliate: TestAffiliate;
  clickId: string;
  sub1: string;
  txid: string;
}

let campaign: { id: number };
let smartlink: number;
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
  const click = await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&sub1=${sub1}&format=json`);
  expect(click.status).toBe(200);
  const postback = await api(`/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&amount=7.5&txid=${txid}&token=${affiliate.postbackSecret}`);
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
  for (const marker of bravoMarkers()) expect(text.includes(marker), `${label} leaks ${marker}`).toBe(false);
  return text;
}

const routeCall = (route: RouteEntry, ids: PathIds, auth: string | undefined, query = '') =>
  api(`${fillPath(route.path, { conversion: bravoConversion, ...ids })}${query}`, requestInit(route, auth === undefined ? {} : { authorization: auth }));

beforeAll(async () => {
  campaign = await createCampaign({ name: unique('Matrix') });
  smartlink = (await json(await asAdmin('/smartlinks', jsonBody({ name: unique('Matrix'), campaigns: [{ campaign_id: campaign.id, weight: 1 }] })))).data.id;
  alpha = await partyWithData('alpha');
  bravo = await partyWithData('bravo');
  bravoConversion = (await json(await asAdmin(`/affiliates/${bravo.affiliate.id}/conversions`))).data[0].id;
  bravoHook = `https://${unique('bravo-hook')}.example/pb?c={click_id}`;
  expect((await asAdmin(`/affiliates/${bravo.affiliate.id}`, { ...jsonBody({ outgoing_postback_url: bravoHook }), method: 'PATCH' })).status).toBe(200);
  charlie = await createAffiliate(unique('charlie'));
  alphaOldKey = alpha.affiliate.apiKey;
  const rotated = await json(await asAdmin(`/affiliates/${alpha.affiliate.id}/api-key`, { method: 'POST' }));
  alpha.affiliate.apiKey = rotated.data.api_key;
  const leaving = await createAffiliate(unique('disabled'));
  expect((await asAdmin(`/affiliates/${leaving.id}`, { ...jsonBody({ status: 'disabled' }), method: 'PATCH' })).status).toBe(200);
  disabledKey = leaving.apiKey;
});

describe('route table', () => {
  it('classifies every route the app answers, and nothing else', () => {
    expect(appRoutes().map((r) => r.key).sort()).toEqual(Object.keys(routeAccess).sort());
  });

  it('documents the bearer guard on exactly the non-public routes', async () => {
    const doc = await json(await api('/openapi.json'));
    for (const route of appRoutes()) {
      if (route.key === 'GET /openapi.json') continue;
      const op = doc.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op, `${route.key} is documented`).toBeDefined();
      const guarded = routeAccess[route.key] !== 'public' && routeAccess[route.key] !== 'live-ticket';
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
];

function mutate(value: string): string {
  const last = value.at(-1) === 'a' ? 'b' : 'a';
  return `${value.slice(0, -1)}${last}`;
}

describe.each(guarded)('$key ($access)', (route) => {
  it.each(badCredentials)('answers 401 to %s', async (_label, credential) => {
    const res = await routeCall(route, { affiliate: bravo.affiliate.id, campaign: campaign.id }, credential());
    await expectNoBravoData(res, route.key);
    await expectError(res, 401, 'unauthorized');
  });

  it("gives Alpha's key the right answer on Bravo's and Alpha's resources, without a byte of Bravo's data", async () => {
    const key = `Bearer ${alpha.affiliate.apiKey}`;
    const onBravo = await routeCall(route, { affiliate: bravo.affiliate.id, campaign: campaign.id }, key);
    await expectNoBravoData(onBravo, `${route.key} on Bravo`);
    const onAlpha = await routeCall(route, { affiliate: alpha.affiliate.id, campaign: campaign.id }, key, `?affiliate_id=${bravo.affiliate.id}`);
    await expectNoBravoData(onAlpha, `${route.key} on Alpha with Bravo's id in the query`);
    const onNobody = await routeCall(route, { affiliate: 2_000_000_000, campaign: campaign.id }, key);
    if (route.access === 'admin' || route.access === 'reviewer') {
      await expectError(onBravo, 403, 'forbidden');
      await expectError(onAlpha, 403, 'forbidden');
      await expectError(onNobody, 403, 'forbidden');
    } else if (route.access === 'own-affiliate') {
      const hidden = await expectError(onBravo, 404, 'not_found');
      const missing = await expectError(onNobody, 404, 'not_found');
      // Another affiliate's id and an unused id look the same, so ids cannot be probed.
      expect(hidden.error.message.replace(String(bravo.affiliate.id), 'ID')).toBe(missing.error.message.replace('2000000000', 'ID'));
      expect(onAlpha.status, await onAlpha.clone().text()).toBeLessThan(300);
      expect(onAlpha.status).toBeGreaterThanOrEqual(200);
    } else {
      expect(onAlpha.status, await onAlpha.clone().text()).toBe(successStatus(route));
    }
  });

  it('lets the admin token in', async () => {
    const target = route.method === 'GET' ? bravo.affiliate.id : charlie.id;
    const res = await routeCall(route, { affiliate: target, campaign: campaign.id, smartlink }, `Bearer ${adminToken}`);
    expect(res.status, `${route.key}: ${await res.clone().text()}`).toBe(successStatus(route));
  });
});

describe("what Alpha's key reads", () => {
  it('lists only Alpha itself, whatever the query says', async () => {
    const res = await api(`/affiliates?affiliate_id=${bravo.affiliate.id}&id=${bravo.affiliate.id}`, { key: alpha.affiliate.apiKey });
    await expectNoBravoData(res, 'GET /affiliates');
    expect((await json(res)).data.map((a: { id: number }) => a.id)).toEqual([alpha.affiliate.id]);
  });

  it("reads Alpha's own clicks and conversions (so the leak checks above look at real data)", async () => {
    const clicks = await (await api(`/affiliates/${alpha.affiliate.id}/clicks`, { key: alpha.affiliate.apiKey })).text();
    expect(clicks).toContain(alpha.clickId);
    const conversions = await (await api(`/affiliates/${alpha.affiliate.id}/conversions.csv`, { key: alpha.affiliate.apiKey })).text();
    expect(conversions).toContain(alpha.txid);
    const asAdminText = await (await asAdmin(`/affiliates/${bravo.affiliate.id}/clicks`)).text();
    expect(asAdminText).toContain(bravo.clickId);
  });

  it("may change only its own outgoing postback URL, never name or status, and never Bravo's", async () => {
    const own = await api(`/affiliates/${alpha.affiliate.id}`, { ...jsonBody({ name: 'Renamed' }), method: 'PATCH', key: alpha.affiliate.apiKey });
    await expectError(own, 403, 'forbidden');
    const status = await api(`/affiliates/${alpha.affiliate.id}`, { ...jsonBody({ status: 'active' }), method: 'PATCH', key: alpha.affiliate.apiKey });
    await expectError(status, 403, 'forbidden');
    const hook = await api(`/affiliates/${bravo.affiliate.id}`, { ...jsonBody({ outgoing_postback_url: 'https://attacker.example/{click_id}' }), method: 'PATCH', key: alpha.affiliate.apiKey });
    await expectError(hook, 404, 'not_found');
    const bravoNow = await json(await asAdmin('/affiliates'));
    expect(bravoNow.data.find((a: { id: number }) => a.id === bravo.affiliate.id).outgoing_postback_url).toBe(bravoHook);
  });

  it("left Bravo's credentials untouched after every refused admin call", async () => {
    expect((await api('/me', { key: bravo.affiliate.apiKey })).status).toBe(200);
    const links = await json(await api(`/affiliates/${bravo.affiliate.id}/postback-url`, { key: bravo.affiliate.apiKey }));
    expect(links.data.postback_secret).toBe(bravo.affiliate.postbackSecret);
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
  ];

  it.each(keys)('takes no API key in place of a ticket: %s', async (_label, key) => {
    await expectError(await api(`${route.path}?ticket=${encodeURIComponent(key())}`, { headers: upgrade }), 401, 'unauthorized');
    await expectError(await api(route.path, { headers: { ...upgrade, authorization: `Bearer ${key()}` } }), 401, 'unauthorized');
  });

  it.each(badCredentials)('gives no ticket to %s', async (_label, credential) => {
    const auth = credential();
    const res = await api('/live/ticket', { method: 'POST', headers: auth === undefined ? {} : { authorization: auth } });
    await expectNoBravoData(res, 'POST /live/ticket');
    await expectError(res, 401, 'unauthorized');
  });

  it("scopes Alpha's ticket to Alpha, whatever the request says", async () => {
    const res = await api(`/live/ticket?affiliate_id=${bravo.affiliate.id}&scope=admin`, { method: 'POST', key: alpha.affiliate.apiKey });
    expect((await json(res)).data.scope).toBe(`affiliate:${alpha.affiliate.id}`);
  });
});
