import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { db } from '../db.ts';
import { type WriteWatch, watchWrites } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { controlStrings, fieldRules, inertStrings } from './hostile-strings.ts';
import { jsonBody, queryString, unique } from './requests.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };
let seq = 0;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('injection'));
  campaign = await createCampaign({ name: unique('Injection') });
});

const everything = [...inertStrings, ...controlStrings];

async function refusedNaming(res: Response, field: string, writes: WriteWatch): Promise<void> {
  const body = await expectError(res, 400, 'bad_request');
  expect(body.error.message).toContain(field);
  expect(await writes.done()).toEqual([]);
}

describe('click sub ids (sub1..sub5) and click_id', () => {
  it.each(everything)(
    '%s in every sub id is stored as inert text or refused',
    async (_label, value) => {
      for (const field of ['sub1', 'sub2', 'sub3', 'sub4', 'sub5']) {
        const clickId = `inj-sub-${++seq}`;
        const writes = await watchWrites();
        const res = await api(
          `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json', [field]: value })}`,
        );
        if (!fieldRules.text(value)) {
          await refusedNaming(res, field, writes);
          continue;
        }
        expect(res.status, await res.clone().text()).toBe(200);
        const listed = await json(
          await api(`/affiliates/${affiliate.id}/clicks?limit=1`, { key: affiliate.apiKey }),
        );
        expect(listed.data[0].click_id).toBe(clickId);
        expect(listed.data[0][field]).toBe(value);
        const { rows } = await db.execute(
          sql`SELECT ${sql.raw(field)} AS v, HEX(${sql.raw(field)}) AS h FROM clicks WHERE click_id = ${clickId}`,
        );
        expect((rows[0] as { v: string }).v).toBe(value);
        expect((rows[0] as { h: string }).h).toBe(hex(value));
      }
    },
  );

  it.each(everything)('%s as a click_id is kept verbatim or refused', async (_label, value) => {
    const writes = await watchWrites();
    const res = await api(
      `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: value, format: 'json' })}`,
    );
    if (!fieldRules.identifier(value)) return refusedNaming(res, 'click_id', writes);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).data.click_id).toBe(value);
    const { rows } = await db.execute(
      sql`SELECT COUNT(*) AS n FROM clicks WHERE click_id = ${value}`,
    );
    expect(Number((rows[0] as { n: string }).n)).toBe(1);
  });

  it('stores hostile User-Agent and Referer headers as text, without control characters', async () => {
    for (const [, value] of inertStrings.filter(([, v]) => /^[\x20-\xFF]*$/.test(v))) {
      const clickId = `inj-ua-${++seq}`;
      const res = await api(
        `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json' })}`,
        {
          headers: {
            'user-agent': `Mozilla/5.0 ${value} end`,
            referer: `https://ref.example/?q=${value}&end`,
          },
        },
      );
      expect(res.status).toBe(200);
      const { rows } = await db.execute(
        sql`SELECT user_agent AS ua, referrer AS ref FROM clicks WHERE click_id = ${clickId}`,
      );
      expect(rows[0]).toEqual({
        ua: `Mozilla/5.0 ${value} end`,
        ref: `https://ref.example/?q=${value}&end`,
      });
    }
  });
});

describe('postback text fields', () => {
  const fields = [
    { name: 'txid', rule: fieldRules.identifier },
    { name: 'event', rule: fieldRules.event },
  ] as const;

  it.each(everything)('%s in txid and event is kept verbatim or refused', async (_label, value) => {
    for (const field of fields) {
      const clickId = `inj-pb-${++seq}`;
      await api(
        `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json' })}`,
      );
      const writes = await watchWrites();
      const res = await api(
        '/postback',
        jsonBody({
          affiliate_id: affiliate.id,
          click_id: clickId,
          token: affiliate.postbackSecret,
          [field.name]: value,
        }),
      );
      if (!field.rule(value)) {
        await refusedNaming(res, field.name, writes);
        continue;
      }
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await json(res)).data[field.name]).toBe(value);
      const { rows } = await db.execute(
        sql`SELECT ${sql.raw(field.name)} AS v FROM conversions WHERE click_id = ${clickId}`,
      );
      expect((rows[0] as { v: string }).v).toBe(value);
    }
  });

  it.each(everything)('%s as a currency or status is refused', async (_label, value) => {
    const clickId = `inj-cur-${++seq}`;
    await api(
      `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json' })}`,
    );
    for (const field of ['currency', 'status', 'amount', 'payout', 'affiliate_id']) {
      const writes = await watchWrites();
      const res = await api(
        `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, token: affiliate.postbackSecret, [field]: value })}`,
      );
      await refusedNaming(res, field, writes);
    }
  });
});

describe('names set through the admin API', () => {
  it.each(everything)(
    '%s in an affiliate and a campaign name round-trips or is refused',
    async (_label, value) => {
      const writes = await watchWrites();
      const affiliateRes = await asAdmin('/affiliates', jsonBody({ name: value }));
      const campaignRes = await asAdmin('/campaigns', jsonBody({ name: value }));
      if (!fieldRules.text(value)) {
        await expectError(affiliateRes, 400, 'bad_request');
        await refusedNaming(campaignRes, 'name', writes);
        return;
      }
      expect(affiliateRes.status).toBe(201);
      expect(campaignRes.status).toBe(201);
      const created = (await json(affiliateRes)).data;
      const listed = (await json(await asAdmin('/affiliates'))).data.find(
        (a: { id: number }) => a.id === created.id,
      );
      expect(listed.name).toBe(value);
      expect((await json(await api('/me', { key: created.api_key }))).data.affiliate.name).toBe(
        value,
      );
      const campaignId = (await json(campaignRes)).data.id;
      const campaigns = (await json(await asAdmin('/campaigns'))).data;
      expect(campaigns.find((c: { id: number }) => c.id === campaignId).name).toBe(value);
    },
  );
});

describe('report query parameters', () => {
  it.each(everything)(
    '%s in from, to, cursor, limit, group_by or the path id is refused',
    async (_label, value) => {
      const base = `/affiliates/${affiliate.id}`;
      const cases: [string, string][] = [
        [`${base}/clicks?${queryString({ from: value })}`, 'from'],
        [`${base}/clicks?${queryString({ to: value })}`, 'to'],
        [`${base}/conversions?${queryString({ cursor: value })}`, 'cursor'],
        [`${base}/clicks?${queryString({ limit: value })}`, 'limit'],
        [`${base}/stats?${queryString({ group_by: value })}`, 'group_by'],
        [`/affiliates/${encodeURIComponent(value)}/summary`, 'affiliate_id'],
      ];
      for (const [path, field] of cases) {
        const writes = await watchWrites();
        const res = await api(path, { key: affiliate.apiKey });
        await refusedNaming(res, field, writes);
      }
    },
  );
});

function hex(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
