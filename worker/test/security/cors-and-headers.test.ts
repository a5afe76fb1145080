import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, createCampaign, type TestAffiliate } from '../api.ts';
import { jsonBody, unique } from './requests.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };
const dashboard = env.DASHBOARD_ORIGIN.split(',')[0]!.trim();

beforeAll(async () => {
  affiliate = await createAffiliate(unique('cors'));
  campaign = await createCampaign({
    name: unique('Cors'),
    offer_url: 'https://shop.example/?c={click_id}',
  });
});

const preflight = (path: string, origin: string, method = 'GET') =>
  api(path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization',
    },
  });

const reportPaths = () => [
  `/affiliates/${affiliate.id}/clicks`,
  `/affiliates/${affiliate.id}/summary`,
  `/affiliates/${affiliate.id}/stats`,
  `/affiliates/${affiliate.id}/conversions.csv`,
  '/affiliates',
  '/campaigns',
  '/me',
];

const foreignOrigins = [
  'https://evil.example',
  'null',
  `${dashboard}.evil.example`,
  `${dashboard}0`,
  dashboard.replace('http://', 'https://'),
  dashboard.toUpperCase(),
];

describe('CORS on report routes: only the dashboard origin', () => {
  it('answers the dashboard origin, with credentials headers allowed and Vary: Origin', async () => {
    for (const path of reportPaths()) {
      const pre = await preflight(path, dashboard);
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin')).toBe(dashboard);
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'authorization',
      );
      const res = await api(path, { key: affiliate.apiKey, headers: { origin: dashboard } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(dashboard);
      expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    }
  });

  it('lets the dashboard send every write the console makes: POST, PATCH and PUT', async () => {
    for (const method of ['POST', 'PATCH', 'PUT']) {
      const pre = await preflight(`/campaigns/${campaign.id}/caps`, dashboard, method);
      expect(pre.status, method).toBeLessThan(300);
      expect(pre.headers.get('access-control-allow-origin'), method).toBe(dashboard);
      expect(pre.headers.get('access-control-allow-methods'), method).toContain(method);
    }
    const foreign = await preflight(
      `/campaigns/${campaign.id}/caps`,
      'https://evil.example',
      'PUT',
    );
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each(foreignOrigins)(
    'gives %s no CORS grant, on preflight or on the real request',
    async (origin) => {
      for (const path of reportPaths()) {
        const pre = await preflight(path, origin);
        expect(pre.headers.get('access-control-allow-origin'), `${path} preflight`).toBeNull();
        const res = await api(path, { key: affiliate.apiKey, headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
        expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
      }
      const write = await preflight('/campaigns', origin, 'POST');
      expect(write.headers.get('access-control-allow-origin')).toBeNull();
    },
  );
});

describe('CORS on report routes that share a prefix with a tracking path', () => {
  it.each(['/postback-log', '/postback-log?limit=5'])(
    '%s gives a foreign origin no grant and the dashboard its own origin',
    async (path) => {
      for (const res of [
        await preflight(path, 'https://evil.example'),
        await api(path, { key: env.ADMIN_TOKEN, headers: { origin: 'https://evil.example' } }),
      ]) {
        expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      }
      const own = await api(path, { key: env.ADMIN_TOKEN, headers: { origin: dashboard } });
      expect(own.headers.get('access-control-allow-origin'), path).toBe(dashboard);
    },
  );
});

describe('CORS on tracking endpoints: open to every origin', () => {
  it.each(['https://evil.example', 'https://publisher.example', dashboard])(
    'answers %s with a wildcard and no credentials',
    async (origin) => {
      const paths = [
        `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`,
        `/c/${campaign.id}/${affiliate.id}`,
        `/postback?click_id=none&token=x`,
        `/postback/voluum?cid=none&token=x`,
        '/health',
      ];
      for (const path of paths) {
        const res = await api(path, { headers: { origin, 'user-agent': 'Googlebot/2.1' } });
        expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
        expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
      }
      const pre = await preflight('/postback', origin, 'POST');
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    },
  );
});

// One response of every kind the worker gives.
const responseKinds: [string, () => Promise<Response>][] = [
  ['JSON 200', () => api('/health')],
  ['OpenAPI document', () => api('/openapi.json')],
  [
    '302 redirect',
    () => api(`/c/${campaign.id}/${affiliate.id}`, { headers: { 'user-agent': 'Googlebot/2.1' } }),
  ],
  [
    'JSON click',
    () =>
      api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`, {
        headers: { 'user-agent': 'Googlebot/2.1' },
      }),
  ],
  ['CSV export', () => api(`/affiliates/${affiliate.id}/clicks.csv`, { key: affiliate.apiKey })],
  ['201 created', () => asAdmin('/campaigns', jsonBody({ name: 'Headers' }))],
  ['400 bad input', () => api('/click?affiliate_id=x')],
  ['401 no key', () => api('/me')],
  [
    '403 admin only',
    () => api('/campaigns', { ...jsonBody({ name: 'x' }), key: affiliate.apiKey }),
  ],
  ['404 unknown route', () => api('/wp-login.php')],
  ['404 unknown affiliate', () => api('/c/1/999999999')],
  [
    '413 oversized postback',
    () => api('/postback', { ...jsonBody({ click_id: 'x'.repeat(20_000) }) }),
  ],
  [
    '415 wrong content type',
    () =>
      api('/postback', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
  ],
  ['CORS preflight', () => preflight('/affiliates', dashboard)],
  ['HEAD', () => api('/health', { method: 'HEAD' })],
];

describe('security headers on every response', () => {
  it.each(responseKinds)('%s', async (_label, call) => {
    const res = await call();
    const h = res.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
    expect(h.get('x-powered-by')).toBeNull();
    expect(h.get('server')).toBeNull();
  });

  it('echoes a sane X-Request-Id and replaces a hostile one', async () => {
    expect(
      (await api('/health', { headers: { 'x-request-id': 'trace-12345678' } })).headers.get(
        'x-request-id',
      ),
    ).toBe('trace-12345678');
    const hostile = await api('/health', {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    expect(hostile.headers.get('x-request-id')).not.toContain('<');
  });

  it('keeps per-affiliate data out of shared caches', async () => {
    for (const path of reportPaths()) {
      const res = await api(path, { key: affiliate.apiKey });
      expect(res.headers.get('cache-control') ?? '', path).toMatch(/no-store|private/);
    }
  });
});
