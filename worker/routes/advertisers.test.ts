import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../lib/crypto.ts';
import type { AdvertiserConfig } from '../config/read-model.ts';
import { advertiserPostbackToken, advertiserSigningSecret } from '../lib/secrets.ts';
import {
  api,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  defaultAdvertiser,
  json,
} from '../test/api.ts';
import { count, db } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';
import { unique } from '../test/security/requests.ts';

const send = (method: string, b: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(b),
});

async function row(id: number) {
  const result = await db.execute(sql`SELECT * FROM advertisers WHERE id = ${id}`);
  return result.rows[0] as Record<string, string | number | null>;
}

// What the edge holds for /postback: every write must land here too.
const edgeCopy = (id: number) =>
  env.TRACKING_CONFIG.get<AdvertiserConfig>(`advertiser:${id}`, 'json');

const hoursFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 3_600_000;

describe('creating an advertiser', () => {
  it('answers 201 with its credentials; the API key is shown only here and stored as a hash', async () => {
    const name = unique('Acme');
    const res = await asAdmin(
      '/advertisers',
      send('POST', { name, status_map: { sale: 'approved', hold: 'pending', '5': 'rejected' } }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { data } = await json(res);
    expect(data.api_key).toMatch(/^adk_[A-Za-z0-9_-]{32}$/);
    expect(data).toMatchObject({
      name,
      status: 'active',
      status_map: { sale: 'approved', hold: 'pending', '5': 'rejected' },
      previous_secret_valid_until: null,
    });
    expect(data.postback_token).toBe(await advertiserPostbackToken(env.TRACKER_SECRET, data.id, 1));
    expect(data.signing_secret).toBe(await advertiserSigningSecret(env.TRACKER_SECRET, data.id, 1));
    expect(data.postback_url).toBe(
      `http://tracker.test/postback?click_id={click_id}&txid={txid}&amount={amount}&token=${data.postback_token}`,
    );
    expect(Date.parse(data.created_at)).toBeGreaterThan(Date.now() - 60_000);

    const stored = await row(data.id);
    expect(stored.api_key_hash).toBe(await sha256Hex(data.api_key));
    expect(JSON.stringify(stored)).not.toContain(data.api_key);
    expect(JSON.parse(String(stored.status_map))).toEqual({
      sale: 'approved',
      hold: 'pending',
      '5': 'rejected',
    });

    const one = await json(await asAdmin(`/advertisers/${data.id}`));
    const all = await json(await asAdmin('/advertisers'));
    const { api_key: _key, ...shown } = data;
    expect(one.data).toEqual(shown);
    expect(all.data.find((a: { id: number }) => a.id === data.id)).toEqual(shown);
    for (const body of [one, all]) expect(JSON.stringify(body)).not.toContain(data.api_key);

    expect(await edgeCopy(data.id)).toMatchObject({
      id: data.id,
      name,
      status: 'active',
      postbackSecretVersion: 1,
    });
  });

  it('lists the default advertiser that owns the migrated campaigns', async () => {
    const all = await json(await asAdmin('/advertisers'));
    expect(all.data[0]).toMatchObject({ id: 1, status: 'active' });
  });

  it('keeps a status_map key "__proto__" as plain data', async () => {
    const body = `{"name":"${unique('Proto')}","status_map":{"__proto__":"rejected","constructor":"approved"}}`;
    const res = await asAdmin('/advertisers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { data } = await json(res);
    expect(Object.entries(data.status_map)).toEqual([
      ['__proto__', 'rejected'],
      ['constructor', 'approved'],
    ]);
  });

  it('takes null or {} as "no status map"', async () => {
    for (const status_map of [null, {}]) {
      const a = await json(
        await asAdmin('/advertisers', send('POST', { name: unique('Plain'), status_map })),
      );
      expect(a.data.status_map).toEqual({});
      expect((await row(a.data.id)).status_map).toBeNull();
    }
  });
});

// Every field's bad values: a 400 naming the field, and nothing written.
const badCreates: [string, unknown, string][] = [
  ['no name', {}, 'name is required'],
  ['an empty name', { name: '' }, 'name must not be empty'],
  ['a name of 101 characters', { name: 'x'.repeat(101) }, 'name must be at most 100 characters'],
  [
    'a name with a control character',
    { name: 'Acme\u0000' },
    'name must not contain control characters',
  ],
  ['a numeric name', { name: 42 }, 'name must be text'],
  ['status disabled', { name: 'A', status: 'disabled' }, 'status must be active or paused'],
  ['status in capitals', { name: 'A', status: 'ACTIVE' }, 'status must be active or paused'],
  [
    'status_map as an array',
    { name: 'A', status_map: [['sale', 'approved']] },
    'status_map must be an object',
  ],
  [
    'status_map as text',
    { name: 'A', status_map: 'sale=approved' },
    'status_map must be an object',
  ],
  [
    'status_map with 33 entries',
    {
      name: 'A',
      status_map: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`s${i}`, 'approved'])),
    },
    'at most 32',
  ],
  [
    'an empty status_map key',
    { name: 'A', status_map: { '': 'approved' } },
    'status_map keys must be 1 to 32',
  ],
  [
    'a status_map key of 33 characters',
    { name: 'A', status_map: { ['k'.repeat(33)]: 'approved' } },
    'status_map keys must be 1 to 32',
  ],
  [
    'a status_map key with a control character',
    { name: 'A', status_map: { 'sa\nle': 'approved' } },
    'status_map keys must be 1 to 32',
  ],
  [
    'a status_map key with a leading space',
    { name: 'A', status_map: { ' sale': 'approved' } },
    'status_map keys must be 1 to 32',
  ],
  [
    'a status_map key outside ASCII',
    { name: 'A', status_map: { vendú: 'approved' } },
    'status_map keys must be 1 to 32',
  ],
  [
    'a status_map value not ours',
    { name: 'A', status_map: { sale: 'paid' } },
    'status_map values must be approved, pending or rejected',
  ],
  [
    'a numeric status_map value',
    { name: 'A', status_map: { sale: 1 } },
    'status_map values must be approved, pending or rejected',
  ],
  [
    'a null status_map value',
    { name: 'A', status_map: { sale: null } },
    'status_map values must be approved, pending or rejected',
  ],
  [
    'a "__proto__" status_map key with a bad value',
    { name: 'A', status_map: JSON.parse('{"__proto__":"paid"}') },
    'status_map values must be approved, pending or rejected',
  ],
  ['an unknown field', { name: 'A', api_key_hash: 'mine' }, 'api_key_hash'],
  [
    'a postback_secret_version',
    { name: 'A', postback_secret_version: 9 },
    'postback_secret_version',
  ],
];

describe('bad input', () => {
  it.each(badCreates)(
    'POST /advertisers refuses %s, writing nothing',
    async (_label, body, message) => {
      const before = await count('advertisers');
      const refused = await expectError(
        await asAdmin('/advertisers', send('POST', body)),
        400,
        'bad_request',
      );
      expect(refused.error.message).toContain(message);
      expect(await count('advertisers')).toBe(before);
    },
  );

  it.each(badCreates.filter(([label]) => label !== 'no name'))(
    'PATCH /advertisers/:id refuses %s, changing nothing',
    async (_label, body, message) => {
      const advertiser = await createAdvertiser(unique('Steady'), {
        status_map: { ok: 'approved' },
      });
      const before = await row(advertiser.id);
      const refused = await expectError(
        await asAdmin(`/advertisers/${advertiser.id}`, send('PATCH', body)),
        400,
        'bad_request',
      );
      expect(refused.error.message).toContain(message);
      expect(await row(advertiser.id)).toEqual(before);
    },
  );

  it('refuses a body that is not a JSON object', async () => {
    for (const body of ['[]', 'null', '"name"', '{"name":']) {
      const res = await asAdmin('/advertisers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, body).toBe(400);
    }
  });

  it('answers 400 for a malformed id and 404 for an unused one, on every advertiser route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { name: 'X' }],
      ['POST', '/api-key'],
      ['POST', '/postback-secret', {}],
      ['GET', '/summary'],
    ];
    for (const [method, tail, body] of routes) {
      const init = body === undefined ? { method } : send(method, body);
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
        await expectError(await asAdmin(`/advertisers/${bad}${tail}`, init), 400, 'bad_request');
      }
      const missing = await expectError(
        await asAdmin(`/advertisers/2000000000${tail}`, init),
        404,
        'not_found',
      );
      expect(missing.error.message).toBe('Advertiser 2000000000 not found');
    }
  });

  it.each([
    ['negative hours', { grace_hours: -1 }, 'grace_hours must be from 0 to 720'],
    ['more than 30 days', { grace_hours: 721 }, 'grace_hours must be from 0 to 720'],
    ['a fraction of an hour', { grace_hours: 1.5 }, 'grace_hours must be whole hours'],
    ['hours as text', { grace_hours: '24' }, 'grace_hours must be a number'],
    ['an unknown field', { grace_days: 1 }, 'grace_days'],
  ])(
    'POST /advertisers/:id/postback-secret refuses %s, rotating nothing',
    async (_label, body, message) => {
      const advertiser = await createAdvertiser(unique('Unrotated'));
      const refused = await expectError(
        await asAdmin(`/advertisers/${advertiser.id}/postback-secret`, send('POST', body)),
        400,
        'bad_request',
      );
      expect(refused.error.message).toContain(message);
      expect((await row(advertiser.id)).postback_secret_version).toBe(1);
    },
  );
});

describe('updating an advertiser', () => {
  it('changes name, status and status map, and republishes the edge copy', async () => {
    const advertiser = await createAdvertiser(unique('Before'));
    const name = unique('After');
    const res = await asAdmin(
      `/advertisers/${advertiser.id}`,
      send('PATCH', { name, status_map: { approved: 'approved', declined: 'rejected' } }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).data).toMatchObject({
      id: advertiser.id,
      name,
      status: 'active',
      status_map: { approved: 'approved', declined: 'rejected' },
      postback_token: advertiser.postbackToken,
    });
    expect(await edgeCopy(advertiser.id)).toMatchObject({
      name,
      statusMap: JSON.stringify({ approved: 'approved', declined: 'rejected' }),
    });
    const cleared = await json(
      await asAdmin(`/advertisers/${advertiser.id}`, send('PATCH', { status_map: null })),
    );
    expect(cleared.data.status_map).toEqual({});
    expect((await edgeCopy(advertiser.id))?.statusMap).toBeNull();
    // An empty PATCH changes nothing and still answers with the advertiser.
    expect(
      (await json(await asAdmin(`/advertisers/${advertiser.id}`, send('PATCH', {})))).data.name,
    ).toBe(name);
  });

  it("refuses a paused advertiser's key (401) until it is active again", async () => {
    const advertiser = await createAdvertiser(unique('Seasonal'));
    expect((await api('/me', { key: advertiser.apiKey })).status).toBe(200);
    const paused = await json(
      await asAdmin(`/advertisers/${advertiser.id}`, send('PATCH', { status: 'paused' })),
    );
    expect(paused.data.status).toBe('paused');
    expect((await edgeCopy(advertiser.id))?.status).toBe('paused');
    for (const path of [
      '/me',
      `/advertisers/${advertiser.id}`,
      '/campaigns',
      `/advertisers/${advertiser.id}/summary`,
    ]) {
      await expectError(await api(path, { key: advertiser.apiKey }), 401, 'unauthorized');
    }
    await expectError(
      await api('/live/ticket', { method: 'POST', key: advertiser.apiKey }),
      401,
      'unauthorized',
    );
    await asAdmin(`/advertisers/${advertiser.id}`, send('PATCH', { status: 'active' }));
    expect((await api('/me', { key: advertiser.apiKey })).status).toBe(200);
  });

  it('refuses a key of an advertiser created paused', async () => {
    const advertiser = await createAdvertiser(unique('Dormant'), { status: 'paused' });
    await expectError(await api('/me', { key: advertiser.apiKey }), 401, 'unauthorized');
  });
});

describe('rotating credentials', () => {
  it('issues a new API key once: the old one stops at once, the token and secret stay', async () => {
    const advertiser = await createAdvertiser(unique('Rekeyed'));
    const res = await asAdmin(`/advertisers/${advertiser.id}/api-key`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { data } = await json(res);
    expect(Object.keys(data)).toEqual(['api_key']);
    expect(data.api_key).toMatch(/^adk_[A-Za-z0-9_-]{32}$/);
    await expectError(await api('/me', { key: advertiser.apiKey }), 401, 'unauthorized');
    expect((await json(await api('/me', { key: data.api_key }))).data.advertiser.id).toBe(
      advertiser.id,
    );
    expect((await row(advertiser.id)).api_key_hash).toBe(await sha256Hex(data.api_key));
    const after = await json(await asAdmin(`/advertisers/${advertiser.id}`));
    expect(after.data).toMatchObject({
      postback_token: advertiser.postbackToken,
      signing_secret: advertiser.signingSecret,
    });
    expect(JSON.stringify(after)).not.toContain(data.api_key);
  });

  it('rotates the postback token and signing secret with a default grace of 24 hours', async () => {
    const advertiser = await createAdvertiser(unique('Rotated'));
    const res = await asAdmin(`/advertisers/${advertiser.id}/postback-secret`, { method: 'POST' });
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(res);
    expect(data.postback_token).toBe(
      await advertiserPostbackToken(env.TRACKER_SECRET, advertiser.id, 2),
    );
    expect(data.signing_secret).toBe(
      await advertiserSigningSecret(env.TRACKER_SECRET, advertiser.id, 2),
    );
    expect(data.postback_token).not.toBe(advertiser.postbackToken);
    expect(data.postback_url).toContain(`token=${data.postback_token}`);
    expect(hoursFromNow(data.previous_secret_valid_until)).toBeCloseTo(24, 1);
    expect(await edgeCopy(advertiser.id)).toMatchObject({
      postbackSecretVersion: 2,
      previousSecretValidUntil: expect.any(String),
    });
    // The API key is untouched.
    expect((await api('/me', { key: advertiser.apiKey })).status).toBe(200);
  });

  it('takes grace_hours from 0 (the previous credentials end at once) to 720', async () => {
    const advertiser = await createAdvertiser(unique('Graceful'));
    const long = await json(
      await asAdmin(
        `/advertisers/${advertiser.id}/postback-secret`,
        send('POST', { grace_hours: 720 }),
      ),
    );
    expect(hoursFromNow(long.data.previous_secret_valid_until)).toBeCloseTo(720, 1);
    const none = await json(
      await asAdmin(
        `/advertisers/${advertiser.id}/postback-secret`,
        send('POST', { grace_hours: 0 }),
      ),
    );
    expect(none.data.previous_secret_valid_until).toBeNull();
    expect(none.data.postback_token).toBe(
      await advertiserPostbackToken(env.TRACKER_SECRET, advertiser.id, 3),
    );
    expect(await edgeCopy(advertiser.id)).toMatchObject({
      postbackSecretVersion: 3,
      previousSecretValidUntil: null,
    });
  });
});

describe('what an advertiser key may do here', () => {
  it("reads itself with its credentials, and nobody else's", async () => {
    const acme = await createAdvertiser(unique('Self'));
    const other = await createAdvertiser(unique('Other'));
    const own = await json(await api(`/advertisers/${acme.id}`, { key: acme.apiKey }));
    expect(own.data).toMatchObject({
      id: acme.id,
      postback_token: acme.postbackToken,
      signing_secret: acme.signingSecret,
      postback_url: acme.postbackUrl,
    });
    const hidden = await expectError(
      await api(`/advertisers/${other.id}`, { key: acme.apiKey }),
      404,
      'not_found',
    );
    expect(hidden.error.message).toBe(`Advertiser ${other.id} not found`);
    const listed = await json(await api('/advertisers', { key: acme.apiKey }));
    expect(listed.data.map((a: { id: number }) => a.id)).toEqual([acme.id]);
    expect(JSON.stringify(listed)).not.toContain(other.postbackToken);
  });

  it('changes nothing, not even its own record', async () => {
    const acme = await createAdvertiser(unique('Hands off'));
    const before = await row(acme.id);
    await expectError(
      await api(`/advertisers/${acme.id}`, {
        ...send('PATCH', { status_map: { x: 'approved' } }),
        key: acme.apiKey,
      }),
      403,
      'forbidden',
    );
    await expectError(
      await api(`/advertisers/${acme.id}/api-key`, { method: 'POST', key: acme.apiKey }),
      403,
      'forbidden',
    );
    await expectError(
      await api(`/advertisers/${acme.id}/postback-secret`, {
        ...send('POST', {}),
        key: acme.apiKey,
      }),
      403,
      'forbidden',
    );
    await expectError(
      await api('/advertisers', { ...send('POST', { name: 'Mine' }), key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(await row(acme.id)).toEqual(before);
  });

  it('is an advertiser to GET /me', async () => {
    const acme = await createAdvertiser(unique('Who'));
    const me = await json(await api('/me', { key: acme.apiKey }));
    expect(me.data).toEqual({
      role: 'advertiser',
      affiliate: null,
      advertiser: { id: acme.id, name: acme.name },
    });
  });

  it('is refused GET /affiliates with a reason, and an affiliate is refused GET /advertisers', async () => {
    const acme = await createAdvertiser(unique('No list'));
    const refused = await expectError(
      await api('/affiliates', { key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(refused.error.message).toContain('advertiser key');
    const affiliate = await createAffiliate(unique('Nosy'));
    const listing = await expectError(
      await api('/advertisers', { key: affiliate.apiKey }),
      403,
      'forbidden',
    );
    expect(listing.error.message).toContain('affiliate');
    await expectError(
      await api(`/advertisers/${acme.id}`, { key: affiliate.apiKey }),
      404,
      'not_found',
    );
  });

  it("reads no affiliate's pages, not even one sending traffic to its campaign", async () => {
    const acme = await createAdvertiser(unique('Curious'));
    const affiliate = await createAffiliate(unique('Partner'));
    for (const tail of [
      '/clicks',
      '/conversions',
      '/summary',
      '/stats',
      '/postback-url',
      '/quality',
      '/clicks.csv',
    ]) {
      await expectError(
        await api(`/affiliates/${affiliate.id}${tail}`, { key: acme.apiKey }),
        404,
        'not_found',
      );
    }
    await expectError(
      await api(`/affiliates/${affiliate.id}`, {
        ...send('PATCH', { outgoing_postback_url: null }),
        key: acme.apiKey,
      }),
      404,
      'not_found',
    );
  });
});

describe('the default advertiser in tests', () => {
  it('gets a working key through the API, once per file', async () => {
    const first = await defaultAdvertiser();
    const again = await defaultAdvertiser();
    expect(again).toEqual(first);
    expect(first).toMatchObject({
      id: 1,
      postbackToken: await advertiserPostbackToken(
        env.TRACKER_SECRET,
        1,
        Number((await row(1)).postback_secret_version),
      ),
    });
    expect((await json(await api('/me', { key: first.apiKey }))).data.advertiser.id).toBe(1);
  });
});
