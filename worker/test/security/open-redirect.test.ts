import { beforeAll, describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { watchWrites } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { jsonBody, queryString, unique } from './requests.ts';

const OFFER = 'https://shop.example/land?c={click_id}&s1={sub1}&s2={sub2}';
let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('redirect'));
  campaign = await createCampaign({ name: unique('Redirect'), offer_url: OFFER });
});

const evil = 'https://evil.example/phish';

// Parameters and headers a request could use to try to steer where the visitor is sent.
const steering: [string, Record<string, string>, Record<string, string>][] = [
  ['url parameter', { url: evil }, {}],
  ['redirect parameter', { redirect: evil }, {}],
  ['next / return_to parameters', { next: evil, return_to: evil, dest: evil }, {}],
  ['offer_url parameter', { offer_url: evil }, {}],
  ['format=redirect', { format: 'redirect', url: evil }, {}],
  ['protocol-relative sub1', { sub1: '//evil.example' }, {}],
  ['absolute URL in sub1', { sub1: evil }, {}],
  ['userinfo trick in sub1', { sub1: '@evil.example' }, {}],
  ['backslash host in sub2', { sub2: '\\\\evil.example' }, {}],
  ['encoded CR LF in sub1', { sub1: '\r\nLocation: https://evil.example' }, {}],
  ['URL as click_id', { click_id: '//evil.example/x' }, {}],
  ['javascript: as click_id', { click_id: 'javascript:alert(1)' }, {}],
  ['Host header', {}, { host: 'evil.example' }],
  [
    'forwarded host headers',
    {},
    { 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example', 'x-original-url': evil },
  ],
  ['Referer', {}, { referer: evil }],
];

describe('tracking-link redirects cannot be steered by the request', () => {
  it.each(steering)('%s: Location stays on the offer', async (_label, params, headers) => {
    for (const path of [
      `/c/${campaign.id}/${affiliate.id}?`,
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&`,
    ]) {
      const res = await api(`${path}${queryString(params)}`, {
        headers: { ...headers, 'user-agent': 'Googlebot/2.1' },
      });
      if (res.status === 400) {
        expect(res.headers.get('location')).toBeNull();
        await expectError(res, 400, 'bad_request');
        continue;
      }
      expect(res.status, await res.clone().text()).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.origin).toBe('https://shop.example');
      expect(location.pathname).toBe('/land');
      expect([...location.searchParams.keys()]).toEqual(['c', 's1', 's2']);
      // A visitor's sub ids are cleaned of control characters, never refused.
      if (params.sub1)
        expect(location.searchParams.get('s1')).toBe(params.sub1.replace(/[\x00-\x1F\x7F]/g, ''));
      if (params.click_id) expect(location.searchParams.get('c')).toBe(params.click_id);
    }
  });

  it('no error response carries a Location header', async () => {
    const answers = await Promise.all([
      api(`/c/${campaign.id}/999999999?url=${evil}`),
      api(`/c/abc/${affiliate.id}?url=${evil}`),
      api(`/click?campaign_id=${campaign.id}&url=${evil}`),
      api(`/nowhere?url=${evil}`),
    ]);
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});

const refusedOfferUrls: [string, string][] = [
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['JavaScript: mixed case', 'JavaScript:alert(1)'],
  ['javascript: split by a tab', 'java\tscript:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['file:', 'file:///etc/passwd'],
  ['ftp:', 'ftp://files.example/offer'],
  ['mailto:', 'mailto:someone@shop.example'],
  ['ws:', 'ws://shop.example/socket'],
  ['blob:', 'blob:https://shop.example/0d5e'],
  ['protocol-relative', '//evil.example/offer'],
  ['relative path', '/offer?c={click_id}'],
  ['no scheme', 'shop.example/offer'],
  ['scheme only', 'https://'],
  ['empty', ''],
  ['CR LF in the URL', 'https://shop.example/offer\r\nSet-Cookie: a=1'],
  ['NUL in the URL', 'https://shop.example/\u0000offer'],
  ['leading space', ' https://shop.example/offer'],
  ['macro in the host', 'https://{sub1}.shop.example/offer'],
  ['macro right after the host', 'https://shop.example{sub1}/offer'],
  ['macro as the port', 'https://shop.example:{sub1}/offer'],
  ['macro as the whole URL', '{sub1}'],
  ['macro in the scheme', '{sub1}://shop.example/offer'],
];

describe('offer and outgoing postback URLs other than http(s) are refused on save', () => {
  it.each(refusedOfferUrls)('%s', async (_label, url) => {
    const writes = await watchWrites();
    const created = await asAdmin('/campaigns', jsonBody({ name: 'Bad offer', offer_url: url }));
    expect((await expectError(created, 400, 'bad_request')).error.message).toContain('offer_url');
    const patched = await asAdmin(`/campaigns/${campaign.id}`, {
      ...jsonBody({ offer_url: url }),
      method: 'PATCH',
    });
    expect((await expectError(patched, 400, 'bad_request')).error.message).toContain('offer_url');
    const hook = await asAdmin(`/affiliates/${affiliate.id}`, {
      ...jsonBody({ outgoing_postback_url: url }),
      method: 'PATCH',
    });
    expect((await expectError(hook, 400, 'bad_request')).error.message).toContain(
      'outgoing_postback_url',
    );
    const own = await api(`/affiliates/${affiliate.id}`, {
      ...jsonBody({ outgoing_postback_url: url }),
      method: 'PATCH',
      key: affiliate.apiKey,
    });
    await expectError(own, 400, 'bad_request');
    expect(await writes.done()).toEqual([]);
    const stored = (await json(await asAdmin('/campaigns'))).data.find(
      (c: { id: number }) => c.id === campaign.id,
    );
    expect(stored.offer_url).toBe(OFFER);
  });

  it.each([
    ['http', 'http://shop.example/offer?c={click_id}'],
    [
      'https with port and path macros',
      'https://shop.example:8443/{campaign_id}/offer?c={click_id}&a={affiliate_id}',
    ],
    ['HTTPS upper case', 'HTTPS://SHOP.EXAMPLE/offer?c={click_id}'],
    ['percent-encoded unicode', 'https://shop.example/%C3%BCber?c={click_id}'],
    ['punycode host', 'https://xn--bcher-kva.example/?c={click_id}'],
  ])('accepts %s and redirects to it', async (_label, url) => {
    const created = await asAdmin('/campaigns', jsonBody({ name: 'Good offer', offer_url: url }));
    expect(created.status, await created.clone().text()).toBe(201);
    const id = (await json(created)).data.id;
    const res = await api(`/c/${id}/${affiliate.id}?click_id=abc`, {
      headers: { 'user-agent': 'Googlebot/2.1' },
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).host).toBe(
      new URL(url.replace(/\{[a-z_0-9]+\}/g, '1')).host,
    );
  });

  it('never answers a tracking link with a 5xx, whatever offer URL was accepted', async () => {
    for (const url of [
      'https://shop.example/ünï?c={click_id}',
      'https://shop.example/🎉?c={click_id}',
      'https://bücher.example/?c={click_id}',
    ]) {
      const created = await asAdmin(
        '/campaigns',
        jsonBody({ name: 'Unicode offer', offer_url: url }),
      );
      if (created.status === 400) {
        expect((await expectError(created, 400, 'bad_request')).error.message).toContain(
          'offer_url',
        );
        continue;
      }
      expect(created.status).toBe(201);
      const id = (await json(created)).data.id;
      const res = await api(`/c/${id}/${affiliate.id}?click_id=abc`, {
        headers: { 'user-agent': 'Googlebot/2.1' },
      });
      expect(res.status, `${url}: ${await res.clone().text()}`).toBe(302);
      const location = res.headers.get('location')!;
      expect(location).toMatch(/^[\x21-\x7E]+$/);
      expect(new URL(location).searchParams.get('c')).toBe('abc');
    }
  });
});
