import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyClickId } from '../lib/click-id.ts';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';

let affiliate: TestAffiliate;
let plain: { id: number };
let offer: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate('Click tester');
  plain = await createCampaign({ name: 'No offer URL' });
  offer = await createCampaign({
    name: 'With offer',
    offer_url:
      'https://advertiser.example/landing?cid={click_id}&aff={affiliate_id}&camp={campaign_id}&s1={sub1}&s5={sub5}&x={unknown}',
  });
});

const clicksFor = (clickId: string) => count('clicks', sql`click_id = ${clickId}`);

describe('GET /click (seed JSON mode)', () => {
  it('answers the documented shape field by field', async () => {
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=seed-abc123`,
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(['data', 'message', 'success']);
    expect(body.success).toBe(true);
    expect(body.message).toBe('Click tracked successfully');
    expect(body.data.click_id).toBe('seed-abc123');
    expect(body.data.affiliate_id).toBe(affiliate.id);
    expect(body.data.campaign_id).toBe(plain.id);
    expect(body.data.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await clicksFor('seed-abc123')).toBe(1);
  });

  it('is idempotent for a repeated click_id: the original click, not a second row', async () => {
    const first = await json(
      await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=repeat-1`),
    );
    await new Promise((r) => setTimeout(r, 20));
    const again = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=repeat-1`,
    );
    expect(again.status).toBe(200);
    expect((await json(again)).data.timestamp).toBe(first.data.timestamp);
    expect(await clicksFor('repeat-1')).toBe(1);
  });

  it('refuses a click_id this affiliate already used on another campaign', async () => {
    await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=taken-1`);
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${offer.id}&click_id=taken-1&format=json`,
    );
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toContain(`campaign ${plain.id}`);
  });

  it.each([
    ['unknown affiliate', () => `affiliate_id=999999&campaign_id=${plain.id}`, 404, 'affiliate_id'],
    [
      'unknown campaign',
      () => `affiliate_id=${affiliate.id}&campaign_id=999999`,
      404,
      'campaign_id',
    ],
    ['missing affiliate', () => `campaign_id=${plain.id}`, 400, 'affiliate_id'],
    [
      'non-numeric campaign',
      () => `affiliate_id=${affiliate.id}&campaign_id=abc`,
      400,
      'campaign_id',
    ],
    ['negative affiliate', () => `affiliate_id=-1&campaign_id=${plain.id}`, 400, 'affiliate_id'],
    [
      'repeated campaign',
      () => `affiliate_id=${affiliate.id}&campaign_id=${plain.id}&campaign_id=${plain.id}`,
      400,
      'campaign_id',
    ],
    [
      'over-long click_id',
      () => `affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=${'x'.repeat(101)}`,
      400,
      'click_id',
    ],
    [
      'click_id with CR/LF',
      () => `affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=a%0D%0Ab`,
      400,
      'click_id',
    ],
    [
      'click_id with spaces (SQL-looking)',
      () =>
        `affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=${encodeURIComponent("' OR 1=1 --")}`,
      400,
      'click_id',
    ],
    [
      'sub1 with NUL',
      () => `affiliate_id=${affiliate.id}&campaign_id=${plain.id}&sub1=a%00b`,
      400,
      'sub1',
    ],
  ])('%s: 4xx naming the parameter, nothing written', async (_name, query, status, param) => {
    const before = await count('clicks');
    const res = await api(`/click?${query()}`);
    expect(res.status).toBe(status);
    const body = await json(res);
    expect(body.success).toBe(false);
    expect(body.error.message).toContain(param);
    expect(await count('clicks')).toBe(before);
  });

  it('stores SQL-looking click ids as inert data', async () => {
    const clickId = "abc';DROP_TABLE_clicks;--";
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${plain.id}&click_id=${encodeURIComponent(clickId)}`,
    );
    expect(res.status).toBe(200);
    expect((await json(res)).data.click_id).toBe(clickId);
    expect(await clicksFor(clickId)).toBe(1);
  });
});

describe('tracking links (redirect mode)', () => {
  it('redirects 302 to the offer URL with macros filled and URL-encoded, and records the click via the queue', async () => {
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${offer.id}&sub1=${encodeURIComponent('fb ads&co')}`,
      {
        headers: {
          'cf-connecting-ip': '203.0.113.7',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
          referer: 'https://publisher.example/post',
        },
      },
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://advertiser.example/landing');
    const clickId = location.searchParams.get('cid')!;
    expect(location.searchParams.get('aff')).toBe(String(affiliate.id));
    expect(location.searchParams.get('camp')).toBe(String(offer.id));
    expect(location.searchParams.get('s1')).toBe('fb ads&co');
    expect(location.searchParams.get('s5')).toBe('');
    expect(location.search).toContain(
      'x={unknown}'
        .replace(/[{}]/g, (c) => encodeURIComponent(c))
        .replace('%7B', '{')
        .replace('%7D', '}'),
    );
    const claims = await verifyClickId(env.TRACKER_SECRET, clickId);
    expect(claims).toMatchObject({ affiliateId: affiliate.id, campaignId: offer.id });

    expect(
      await eventually(
        () => clicksFor(clickId),
        (n) => n === 1,
      ),
    ).toBe(1);
    const { rows } = await db.execute(
      sql`SELECT sub1, ip_hash, user_agent, referrer FROM clicks WHERE click_id = ${clickId}`,
    );
    const row = rows[0] as Record<string, string>;
    expect(row.sub1).toBe('fb ads&co');
    expect(row.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row)).not.toContain('203.0.113.7');
    expect(row.user_agent).toBe('Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0');
    expect(row.referrer).toBe('https://publisher.example/post');
  });

  it('has a short form /c/:campaign_id/:affiliate_id', async () => {
    const res = await api(`/c/${offer.id}/${affiliate.id}?sub1=short`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('s1')).toBe('short');
  });

  it('answers JSON to API callers and to format=json', async () => {
    for (const init of [{ headers: { accept: 'application/json' } }, {}]) {
      const q = init.headers ? '' : '&format=json';
      const res = await api(
        `/click?affiliate_id=${affiliate.id}&campaign_id=${offer.id}${q}`,
        init,
      );
      expect(res.status).toBe(200);
      expect((await json(res)).message).toBe('Click tracked successfully');
    }
  });

  it('keeps a browser (text/html) on the redirect', async () => {
    const res = await api(`/c/${offer.id}/${affiliate.id}`, {
      headers: { accept: 'text/html,application/json;q=0.9' },
    });
    expect(res.status).toBe(302);
    const anything = await api(`/c/${offer.id}/${affiliate.id}`, { headers: { accept: '*/*' } });
    expect(anything.status).toBe(302);
  });

  it('follows the Accept q-values: a caller preferring JSON gets JSON even if it also lists HTML', async () => {
    const res = await api(`/c/${offer.id}/${affiliate.id}`, {
      headers: { accept: 'text/html;q=0.1, application/json' },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).message).toBe('Click tracked successfully');
  });

  it('refuses a generated click id whose signature was tampered with', async () => {
    const res = await api(`/c/${offer.id}/${affiliate.id}`);
    const clickId = new URL(res.headers.get('location')!).searchParams.get('cid')!;
    const tampered = clickId.replace(/^[0-9a-z]+/, (id) => (parseInt(id, 36) + 1).toString(36));
    const replay = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${offer.id}&click_id=${tampered}&format=json`,
    );
    expect(replay.status).toBe(400);
    expect((await json(replay)).error.message).toContain('click_id');
  });

  it('does not count HEAD requests or known bots, but still redirects them', async () => {
    const head = await api(`/c/${offer.id}/${affiliate.id}?sub1=head`, { method: 'HEAD' });
    const bot = await api(`/c/${offer.id}/${affiliate.id}?sub1=bot`, {
      headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
    });
    expect(head.status).toBe(302);
    expect(bot.status).toBe(302);
    const human = await api(`/c/${offer.id}/${affiliate.id}?sub1=human`);
    const humanId = new URL(human.headers.get('location')!).searchParams.get('cid')!;
    await eventually(
      () => clicksFor(humanId),
      (n) => n === 1,
    );
    expect(
      await count('clicks', sql`affiliate_id = ${affiliate.id} AND sub1 IN ('head', 'bot')`),
    ).toBe(0);
  });

  it('tells a curl or a HEAD request why its click was not counted', async () => {
    const curl = await api(`/c/${offer.id}/${affiliate.id}?sub1=curl`, {
      headers: { 'user-agent': 'curl/8.5.0' },
    });
    expect(curl.status).toBe(302);
    expect(curl.headers.get('x-click-not-counted')).toMatch(
      /curl\/8\.5\.0.*not a visitor's browser/,
    );
    const head = await api(`/c/${offer.id}/${affiliate.id}?sub1=head`, { method: 'HEAD' });
    expect(head.headers.get('x-click-not-counted')).toMatch(/HEAD request is not a visit/);
    const visitor = await api(`/c/${offer.id}/${affiliate.id}?sub1=visitor`);
    expect(visitor.headers.get('x-click-not-counted')).toBeNull();
    const json = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${offer.id}&format=json`,
      {
        method: 'HEAD',
      },
    );
    expect(json.status).toBe(200);
  });

  it('names a non-ASCII user agent in the header without failing', async () => {
    const res = await api(`/c/${offer.id}/${affiliate.id}`, {
      headers: { 'user-agent': 'Googlebot/2.1 \u00e9t\u00e9' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-click-not-counted')).toMatch(/Googlebot\/2\.1 \?t\?/);
  });

  it('flags a repeat click from the same visitor on the same campaign as non-unique', async () => {
    const headers = { 'cf-connecting-ip': '198.51.100.23' };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await api(`/c/${offer.id}/${affiliate.id}`, { headers });
      ids.push(new URL(res.headers.get('location')!).searchParams.get('cid')!);
    }
    await eventually(
      () => count('clicks', sql`click_id IN (${ids[0]}, ${ids[1]})`),
      (n) => n === 2,
    );
    const { rows } = await db.execute(
      sql`SELECT click_id, is_unique FROM clicks WHERE click_id IN (${ids[0]}, ${ids[1]})`,
    );
    const unique = Object.fromEntries(
      (rows as { click_id: string; is_unique: number }[]).map((r) => [
        r.click_id,
        Number(r.is_unique),
      ]),
    );
    expect(unique[ids[0]!]).toBe(1);
    expect(unique[ids[1]!]).toBe(0);
  });
});
