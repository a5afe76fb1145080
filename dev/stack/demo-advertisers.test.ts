import { createHash, randomBytes } from 'node:crypto';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advertiserPostbackToken } from '../../worker/lib/secrets.ts';
import { applyMigrations } from '../migrate.ts';
import { createDatabase, dropDatabase, randomDatabaseName } from '../mysql/database.ts';
import { findOrStartMysql, type MysqlServer } from '../mysql/server.ts';
import { loadDemoData } from './demo-data.ts';

let server: MysqlServer;
let name: string;
let conn: mysql.Connection;
let demo: Awaited<ReturnType<typeof loadDemoData>>;
const trackerSecret = randomBytes(32).toString('base64url');

beforeAll(async () => {
  server = await findOrStartMysql();
  name = randomDatabaseName('demo_advertisers_test');
  const url = await createDatabase(server.url, name);
  await applyMigrations(url);
  demo = await loadDemoData(url, trackerSecret, 'http://127.0.0.1:9/advertiser', { clicks: 50 });
  conn = await mysql.createConnection({ uri: url });
});

afterAll(async () => {
  await conn?.end();
  if (name) await dropDatabase(server.url, name);
  await server?.stop();
});

const rows = async (sql: string, params: unknown[] = []) =>
  (await conn.query<RowDataPacket[]>(sql, params))[0];

describe('the demo advertiser', () => {
  it('is Acme Software, advertiser 2, beside the default advertiser, with a hashed adk_ key and its derived postback token', async () => {
    const [acme] = demo.advertisers;
    expect(demo.advertisers).toHaveLength(1);
    expect(acme).toMatchObject({ id: 2, name: 'Acme Software' });
    expect(acme!.apiKey).toMatch(/^adk_[A-Za-z0-9_-]{32}$/);
    expect(acme!.postbackToken).toBe(await advertiserPostbackToken(trackerSecret, 2, 1));
    const advertisers = await rows('SELECT id, name, api_key_hash FROM advertisers ORDER BY id');
    expect(advertisers.map((a) => [a.id, a.name])).toEqual([
      [1, 'Default advertiser'],
      [2, 'Acme Software'],
    ]);
    expect(advertisers[1]!.api_key_hash).toBe(
      createHash('sha256').update(acme!.apiKey).digest('hex'),
    );
  });

  it('gives the default advertiser an adk_ key and its derived postback token, for the printout', async () => {
    const fallback = demo.defaultAdvertiser;
    expect(fallback).toMatchObject({ id: 1, name: 'Default advertiser' });
    expect(fallback.apiKey).toMatch(/^adk_[A-Za-z0-9_-]{32}$/);
    expect(fallback.postbackToken).toBe(await advertiserPostbackToken(trackerSecret, 1, 1));
    const [row] = await rows('SELECT api_key_hash FROM advertisers WHERE id = 1');
    expect(row!.api_key_hash).toBe(createHash('sha256').update(fallback.apiKey).digest('hex'));
  });

  it('owns a RevShare campaign with a German override and a daily conversions cap, and a CPA campaign', async () => {
    const [revshare, cpa] = demo.advertisers[0]!.campaigns;
    const campaigns = await rows(
      'SELECT id, advertiser_id, affiliate_postbacks FROM campaigns WHERE advertiser_id = 2 ORDER BY id',
    );
    expect(campaigns.map((c) => c.id)).toEqual([revshare!.id, cpa!.id]);
    expect(campaigns.every((c) => c.affiliate_postbacks === 'refused')).toBe(true);
    const rules = await rows(
      'SELECT campaign_id, country, type, value FROM payout_rules WHERE retired_at IS NULL ORDER BY id',
    );
    expect(rules.map((r) => [r.campaign_id, r.country, r.type, r.value])).toEqual([
      [revshare!.id, null, 'revshare', '30.0000'],
      [revshare!.id, 'DE', 'revshare', '40.0000'],
      [cpa!.id, null, 'cpa', '25.0000'],
    ]);
    const caps = await rows(
      'SELECT campaign_id, affiliate_id, period, metric, `limit` FROM caps WHERE retired_at IS NULL',
    );
    expect(caps.map((c) => [c.campaign_id, c.affiliate_id, c.period, c.metric, c.limit])).toEqual([
      [revshare!.id, null, 'day', 'conversions', '50.0000'],
    ]);
  });

  it("has conversions paid by those rules, none of them today, so today's cap starts at zero", async () => {
    const [revshare, cpa] = demo.advertisers[0]!.campaigns;
    const paid = await rows(
      `SELECT v.campaign_id, v.amount, v.payout, r.type, r.value, r.country AS rule_country, k.country AS click_country
       FROM conversions v JOIN payout_rules r ON r.id = v.payout_rule_id JOIN clicks k ON k.click_id = v.click_id
       WHERE v.campaign_id IN (?, ?)`,
      [revshare!.id, cpa!.id],
    );
    const all = await rows('SELECT COUNT(*) AS n FROM conversions WHERE campaign_id IN (?, ?)', [
      revshare!.id,
      cpa!.id,
    ]);
    expect(paid.length).toBeGreaterThan(5);
    expect(paid.length).toBe(Number(all[0]!.n));
    for (const c of paid) {
      if (c.type === 'cpa') expect(c.payout).toBe('25.0000');
      else expect(Number(c.payout)).toBeCloseTo((Number(c.amount) * Number(c.value)) / 100, 4);
      // The German override wins for German clicks, and only for them.
      if (c.campaign_id === revshare!.id)
        expect(c.rule_country).toBe(c.click_country === 'DE' ? 'DE' : null);
    }
    // Timestamps are UTC, as the worker writes them.
    const todays = await rows(
      'SELECT COUNT(*) AS n FROM conversions WHERE campaign_id IN (?, ?) AND timestamp >= UTC_DATE()',
      [revshare!.id, cpa!.id],
    );
    expect(Number(todays[0]!.n)).toBe(0);
  });

  it('leaves the older demo campaigns with the default advertiser, taking pending affiliate postbacks, in the ids they had', async () => {
    expect(demo.campaigns.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    const older = await rows(
      'SELECT advertiser_id, affiliate_postbacks FROM campaigns WHERE id <= 4',
    );
    expect(older.every((c) => c.advertiser_id === 1 && c.affiliate_postbacks === 'pending')).toBe(
      true,
    );
  });
});
