import { describe, expect, it } from 'vitest';
import { newApp } from './app.ts';
import { DOCUMENT_INFO, withServers } from './openapi/document.ts';
import { api, json } from './test/api.ts';

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document covering every route', async () => {
    const doc = await json(await api('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) =>
        Object.keys(ops).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`,
        ),
    );
    const expected = [
      'GET /health',
      'GET /click',
      'GET /c/:campaign_id/:affiliate_id',
      'GET /postback',
      'POST /postback',
      'GET /postback/:preset',
      'POST /postback/:preset',
      'GET /me',
      'GET /affiliates',
      'POST /affiliates',
      'PATCH /affiliates/:affiliate_id',
      'POST /affiliates/:affiliate_id/api-key',
      'POST /affiliates/:affiliate_id/postback-secret',
      'GET /affiliates/:affiliate_id/clicks',
      'GET /affiliates/:affiliate_id/conversions',
      'GET /affiliates/:affiliate_id/clicks.csv',
      'GET /affiliates/:affiliate_id/conversions.csv',
      'GET /affiliates/:affiliate_id/summary',
      'GET /affiliates/:affiliate_id/stats',
      'GET /affiliates/:affiliate_id/postback-url',
      'GET /affiliates/:affiliate_id/outgoing-postbacks',
      'GET /campaigns',
      'POST /campaigns',
      'PATCH /campaigns/:campaign_id',
      'GET /affiliates/:affiliate_id/quality',
      'GET /quality',
      'GET /s/:smartlink_id/:affiliate_id',
      'GET /affiliates/:affiliate_id/stats.csv',
      'GET /campaigns/:campaign_id/rules',
      'PUT /campaigns/:campaign_id/rules',
      'POST /campaigns/:campaign_id/rules/preview',
      'GET /smartlinks',
      'POST /smartlinks',
      'PATCH /smartlinks/:smartlink_id',
      'DELETE /smartlinks/:smartlink_id',
      'POST /live/ticket',
      'GET /live',
      'GET /campaigns/:campaign_id',
      'GET /advertisers',
      'POST /advertisers',
      'GET /advertisers/:advertiser_id',
      'PATCH /advertisers/:advertiser_id',
      'POST /advertisers/:advertiser_id/api-key',
      'POST /advertisers/:advertiser_id/postback-secret',
      'GET /advertisers/:advertiser_id/summary',
      'GET /campaigns/:campaign_id/payout-rules',
      'PUT /campaigns/:campaign_id/payout-rules',
      'GET /campaigns/:campaign_id/payout-rules/preview',
      'GET /campaigns/:campaign_id/caps',
      'PUT /campaigns/:campaign_id/caps',
      'GET /conversions',
      'PATCH /conversions/:conversion_id',
      'POST /conversions/review',
      'GET /conversions/:conversion_id/history',
      'GET /postback-log',
    ];
    expect(documented.sort()).toEqual(expected.sort());
    for (const ops of Object.values(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const op of Object.values(ops))
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  });

  it('is the document generated from the route definitions, with this deployment as its server', async () => {
    const served = await (await api('/openapi.json')).text();
    const generated = newApp().getOpenAPI31Document(DOCUMENT_INFO);
    expect(served).toBe(JSON.stringify(withServers(generated, 'http://tracker.test')));
  });
});

describe('errors', () => {
  it('answers unknown routes with the one error shape and a request id', async () => {
    const res = await api('/nope');
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({
      success: false,
      error: { code: 'not_found', message: 'No route for GET /nope' },
    });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});

describe('Authorization header', () => {
  const message = async (authorization: string) =>
    (await json(await api('/me', { headers: { authorization } }))).error.message;

  it('calls a wrong key, short or long, an invalid key', async () => {
    expect(await message('Bearer abc')).toBe('Invalid or revoked API key');
    expect(await message('Bearer ak_wrong_but_long_enough_0123456789')).toBe(
      'Invalid or revoked API key',
    );
    expect(await message('Bearer k"y')).toBe('Invalid or revoked API key');
  });

  it('calls only a header that is not "Bearer <key>" malformed', async () => {
    for (const header of [
      'ak_0123456789abcdef0123',
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
    ]) {
      expect(await message(header), header).toBe(
        'Malformed Authorization header: expected "Bearer <api key>"',
      );
    }
  });

  it('names the audience variants of GET /campaigns: the whole campaign, or the affiliate view', async () => {
    const doc = await json(await api('/openapi.json'));
    const data =
      doc.paths['/campaigns'].get.responses['200'].content['application/json'].schema.properties
        .data;
    expect(data.anyOf.map((v: { items: { $ref: string } }) => v.items.$ref).sort()).toEqual([
      '#/components/schemas/AffiliateCampaign',
      '#/components/schemas/Campaign',
    ]);
    const affiliateView = Object.keys(doc.components.schemas.AffiliateCampaign.properties);
    expect(affiliateView).not.toContain('min_ctit_seconds');
    expect(affiliateView).not.toContain('quality_threshold');
    expect(Object.keys(doc.components.schemas.Campaign.properties)).toContain('quality_threshold');
  });
});
