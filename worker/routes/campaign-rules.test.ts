import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
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
import { count, db, eventually } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';
import { unique } from '../test/security/requests.ts';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PIXEL =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36';
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const BROWSER = 'text/html,application/xhtml+xml,*/*;q=0.8';

let affiliate: TestAffiliate;
let campaign: { id: number };

const putRules = (id: number, rules: unknown) =>
  asAdmin(`/campaigns/${id}/rules`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });

const visit = (path: string, country: string | undefined, headers: Record<string, string> = {}) =>
  api(path, {
    headers: { accept: BROWSER, 'user-agent': MAC, ...headers },
    ...(country && { cf: { country } }),
  } as RequestInit);

const RULES = [
  {
    name: 'Germany',
    conditions: { country: ['DE'] },
    action: {
      type: 'landing',
      variants: [
        { id: 'de-a', weight: 50, url: 'https://shop.example/de/a?c={click_id}' },
        { id: 'de-b', weight: 50, url: 'https://shop.example/de/b?c={click_id}' },
      ],
    },
  },
  { name: 'Sanctioned', conditions: { country: ['KP'] }, action: { type: 'fallback' } },
  {
    name: 'App',
    conditions: { device: ['mobile'], sub: [{ param: 'sub1', prefix: 'app' }] },
    action: {
      type: 'landing',
      variants: [
        {
          id: 'app',
          weight: 1,
          url: 'https://shop.example/app?c={click_id}',
          ios_url: 'https://apps.apple.com/app/id1?ct={click_id}',
          android_url: 'intent://open?c={click_id}#Intent;scheme=shop;package=com.shop;end',
        },
      ],
    },
  },
];

beforeAll(async () => {
  affiliate = await createAffiliate('Router');
  campaign = await createCampaign({
    name: 'Routed',
    offer_url: 'https://shop.example/default?c={click_id}',
    fallback_url: 'https://shop.example/sorry',
  });
});

describe('PUT and GET /campaigns/:id/rules', () => {
  it('saves each change as a new version and keeps the old ones', async () => {
    const first = await putRules(campaign.id, RULES.slice(0, 1));
    expect(first.status, await first.clone().text()).toBe(200);
    expect((await json(first)).data.version).toBe(1);
    const second = await json(await putRules(campaign.id, RULES));
    expect(second.data.version).toBe(2);
    expect(second.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const current = await json(await asAdmin(`/campaigns/${campaign.id}/rules`));
    expect(current.data.version).toBe(2);
    expect(current.data.rules).toHaveLength(3);
    const old = await json(await asAdmin(`/campaigns/${campaign.id}/rules?version=1`));
    expect(old.data.rules.map((r: { name: string }) => r.name)).toEqual(['Germany']);
  });

  it.each([
    [
      'a rule that can never match',
      [{ name: 'empty', conditions: { country: [] }, action: { type: 'fallback' } }],
      /rule 1 \(empty\) can never match: its country list is empty/,
    ],
    [
      'a shadowed rule',
      [
        { name: 'all', action: { type: 'fallback' } },
        { name: 'us', conditions: { country: ['US'] }, action: { type: 'fallback' } },
      ],
      /rule 2 \(us\) can never match/,
    ],
    [
      'zero weights',
      [
        {
          name: 'zero',
          action: {
            type: 'landing',
            variants: [{ id: 'a', weight: 0, url: 'https://shop.example/' }],
          },
        },
      ],
      /weights must sum above zero/,
    ],
    [
      'an unknown device',
      [{ name: 'd', conditions: { device: ['phone'] }, action: { type: 'fallback' } }],
      /device must be one of mobile, tablet, desktop/,
    ],
    [
      'a javascript: landing URL',
      [
        {
          name: 'x',
          action: {
            type: 'landing',
            variants: [{ id: 'a', weight: 1, url: 'javascript:alert(1)' }],
          },
        },
      ],
      /url must be an http\(s\) URL/,
    ],
    [
      'an unknown field',
      [{ name: 'x', action: { type: 'fallback' }, priority: 1 }],
      /unknown field/,
    ],
  ])('refuses %s with a 400 saying why, and saves nothing', async (_label, rules, message) => {
    const before = await count('campaign_rule_versions');
    const res = await putRules(campaign.id, rules);
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(message);
    expect(await count('campaign_rule_versions')).toBe(before);
  });

  it('404s an unknown campaign and an unknown version', async () => {
    expect((await putRules(999999, [])).status).toBe(404);
    expect((await asAdmin(`/campaigns/${campaign.id}/rules?version=99`)).status).toBe(404);
  });
});

describe("who reads a campaign's rules: the admin and the campaign's advertiser", () => {
  let owner: TestAdvertiser;
  let rival: TestAdvertiser;
  let owned: { id: number };
  const read = (key: string, query = '') => api(`/campaigns/${owned.id}/rules${query}`, { key });
  const ask = (key: string) =>
    api(`/campaigns/${owned.id}/rules/preview`, {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ country: 'DE', user_agent: IPHONE }),
    });
  // The caps route's answer to the same key: the rules routes give the same refusal.
  const capsAnswer = async (key: string) =>
    (await api(`/campaigns/${owned.id}/caps`, { key })).json();

  beforeAll(async () => {
    owner = await createAdvertiser(unique('Router owner'));
    rival = await createAdvertiser(unique('Router rival'));
    owned = await createCampaign({
      name: unique('Owned routes'),
      advertiser_id: owner.id,
      offer_url: 'https://shop.example/default?c={click_id}',
    });
    expect((await putRules(owned.id, RULES.slice(0, 1))).status).toBe(200);
    expect((await putRules(owned.id, RULES)).status).toBe(200);
  });

  it('gives the owner the rules, any version, and the preview, as the admin gets them', async () => {
    for (const query of ['', '?version=1']) {
      const own = await read(owner.apiKey, query);
      expect(own.status, await own.clone().text()).toBe(200);
      expect(await json(own)).toEqual(
        await json(await asAdmin(`/campaigns/${owned.id}/rules${query}`)),
      );
    }
    const preview = await ask(owner.apiKey);
    expect(preview.status, await preview.clone().text()).toBe(200);
    const { data } = await json(preview);
    expect(data).toMatchObject({
      rule_version: 2,
      rule: { index: 0, name: 'Germany' },
      action: 'landing',
    });
    expect(data).toEqual((await json(await ask(adminToken))).data);
  });

  it.each([
    ['another advertiser', () => rival.apiKey],
    ['an affiliate', () => affiliate.apiKey],
  ])('refuses %s as the caps route does: the "not found" of an unused id', async (_label, key) => {
    const expected = await capsAnswer(key());
    for (const res of [await read(key()), await ask(key())]) {
      const refused = await expectError(res, 404, 'not_found');
      expect(refused.error.message).toBe(`Campaign ${owned.id} not found`);
      expect(refused).toEqual(expected);
    }
  });

  it('lets only the admin replace them: the owner is told why and nothing is saved', async () => {
    const before = await count('campaign_rule_versions');
    const put = await api(`/campaigns/${owned.id}/rules`, {
      method: 'PUT',
      key: owner.apiKey,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [] }),
    });
    const refused = await expectError(put, 403, 'forbidden');
    expect(refused.error.message).toBe('This route needs the admin token');
    expect(await count('campaign_rule_versions')).toBe(before);
    expect((await json(await read(owner.apiKey))).data.version).toBe(2);
  });
});

describe('the redirect follows the rules (country from request.cf)', () => {
  let version: number;
  beforeAll(async () => {
    version = (await json(await putRules(campaign.id, RULES))).data.version;
  });

  it('a German visitor lands on one of the split pages, the same one on a second visit; the click records version and variant', async () => {
    const headers = { 'cf-connecting-ip': '198.51.100.77' };
    const first = await visit(`/c/${campaign.id}/${affiliate.id}`, 'DE', headers);
    expect(first.status).toBe(302);
    const location = new URL(first.headers.get('location')!);
    expect(location.pathname).toMatch(/^\/de\/[ab]$/);
    const again = await visit(`/c/${campaign.id}/${affiliate.id}`, 'DE', headers);
    expect(new URL(again.headers.get('location')!).pathname).toBe(location.pathname);
    const clickId = location.searchParams.get('c')!;
    await eventually(
      () => count('clicks', sql`click_id = ${clickId}`),
      (n) => n === 1,
    );
    const { rows } = await db.execute(
      sql`SELECT rule_version, variant_id, country, device, os FROM clicks WHERE click_id = ${clickId}`,
    );
    expect(rows[0]).toMatchObject({
      variant_id: `de-${location.pathname.slice(-1)}`,
      country: 'DE',
      device: 'desktop',
      os: 'macOS',
    });
    expect(Number((rows[0] as { rule_version: string }).rule_version)).toBe(version);
  });

  it('both split variants are served across visitors', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30 && seen.size < 2; i++) {
      const res = await visit(`/c/${campaign.id}/${affiliate.id}`, 'DE', {
        'cf-connecting-ip': `203.0.113.${i}`,
      });
      seen.add(new URL(res.headers.get('location')!).pathname);
    }
    expect([...seen].sort()).toEqual(['/de/a', '/de/b']);
  });

  it('a rule saying fallback sends the browser to the campaign fallback_url', async () => {
    const res = await visit(`/c/${campaign.id}/${affiliate.id}`, 'KP');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/sorry');
  });

  it('no rule matched: the default offer URL, with the rule version stored and no variant', async () => {
    const res = await visit(`/c/${campaign.id}/${affiliate.id}?sub1=web`, 'US');
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/default');
    const clickId = location.searchParams.get('c')!;
    await eventually(
      () => count('clicks', sql`click_id = ${clickId}`),
      (n) => n === 1,
    );
    const { rows } = await db.execute(
      sql`SELECT rule_version, variant_id, device, os FROM clicks WHERE click_id = ${clickId}`,
    );
    expect(Number((rows[0] as { rule_version: string }).rule_version)).toBe(version);
    expect((rows[0] as { variant_id: string | null }).variant_id).toBeNull();
    // Parsed by the queue consumer, as no rule needed the user agent on the way.
    expect(rows[0]).toMatchObject({ device: 'desktop', os: 'macOS' });
  });

  it('deep link by OS: App Store on iOS, intent link on Android, the web page on a Mac', async () => {
    const ios = await visit(`/c/${campaign.id}/${affiliate.id}?sub1=app1`, 'US', {
      'user-agent': IPHONE,
    });
    expect(ios.headers.get('location')).toMatch(/^https:\/\/apps\.apple\.com\/app\/id1\?ct=/);
    const android = await visit(`/c/${campaign.id}/${affiliate.id}?sub1=app1`, 'US', {
      'user-agent': PIXEL,
    });
    expect(android.headers.get('location')).toMatch(
      /^intent:\/\/open\?c=[^#]+#Intent;scheme=shop;package=com\.shop;end$/,
    );
    const mac = await visit(`/c/${campaign.id}/${affiliate.id}?sub1=app1`, 'US');
    expect(new URL(mac.headers.get('location')!).pathname).toBe('/default');
  });

  it('a deployed worker ignores the local edge simulation; npm run dev (LOCAL_EDGE_SIMULATION=on) honours it', async () => {
    const deployed = await visit(`/c/${campaign.id}/${affiliate.id}?country=DE`, 'US', {
      'x-edge-country': 'DE',
      'x-country': 'DE',
    });
    expect(new URL(deployed.headers.get('location')!).pathname).toBe('/default');
    const local = await apiWithEnv(
      `/c/${campaign.id}/${affiliate.id}`,
      { LOCAL_EDGE_SIMULATION: 'on' },
      { headers: { accept: BROWSER, 'x-edge-country': 'de' } },
    );
    expect(new URL(local.headers.get('location')!).pathname).toMatch(/^\/de\/[ab]$/);
  });

  it('a rule change takes effect at once in the isolate that saved it', async () => {
    await putRules(campaign.id, [
      {
        name: 'All to B',
        action: {
          type: 'landing',
          variants: [{ id: 'only-b', weight: 1, url: 'https://shop.example/b-only?c={click_id}' }],
        },
      },
    ]);
    const res = await visit(`/c/${campaign.id}/${affiliate.id}`, 'DE');
    expect(new URL(res.headers.get('location')!).pathname).toBe('/b-only');
    await putRules(campaign.id, RULES);
  });
});

describe('POST /campaigns/:id/rules/preview', () => {
  const preview = (body: unknown) =>
    asAdmin(`/campaigns/${campaign.id}/rules/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('says which rule, which URL and why', async () => {
    await putRules(campaign.id, RULES);
    const res = await preview({
      country: 'us',
      user_agent: IPHONE,
      accept_language: 'en-US',
      sub1: 'app_7',
    });
    expect(res.status).toBe(200);
    const { data } = await json(res);
    expect(data).toMatchObject({
      rule: { index: 2, name: 'App' },
      action: 'landing',
      variant_id: 'app',
      visitor: { country: 'US', device: 'mobile', os: 'iOS', language: 'en' },
    });
    expect(data.url).toBe('https://apps.apple.com/app/id1?ct={click_id}');
    expect(data.reasons[0]).toMatch(/rule 1 \(Germany\) did not match: country US/);
    expect(data.reasons.at(-1)).toMatch(/rule 3 \(App\) matched; deep link for iOS/);
  });

  it('explains the default and the fallback', async () => {
    const none = (await json(await preview({ country: 'FR' }))).data;
    expect(none).toMatchObject({
      action: 'default',
      rule: null,
      url: 'https://shop.example/default?c={click_id}',
    });
    expect(none.reasons.at(-1)).toBe('no rule matched: the default offer URL is used');
    const blocked = (await json(await preview({ country: 'KP' }))).data;
    expect(blocked).toMatchObject({ action: 'fallback', url: 'https://shop.example/sorry' });
  });

  it.each([
    ['a bad country', { country: 'Germany' }, 'country'],
    ['an over-long sub', { sub1: 'x'.repeat(256) }, 'sub1'],
    ['an unknown field', { ip: '1.2.3.4' }, 'ip'],
  ])('refuses %s', async (_label, body, param) => {
    const res = await preview(body);
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain(param);
  });
});
