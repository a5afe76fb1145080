import { env } from 'cloudflare:test';
import { eq, sql } from 'drizzle-orm';
import {
  advertisers,
  campaigns,
  conversions,
  type Conversion,
  type NewConversion,
} from '../../../drizzle/schema.ts';
import { toMysqlDatetime } from '../../db/time.ts';
import type { Bindings } from '../../env.ts';
import { publishCampaign } from '../../config/read-model.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';
import { buildServices } from '../../services.ts';
import { api, createCampaign } from '../api.ts';
import { db } from '../db.ts';
import { unique } from '../security/requests.ts';

export interface TestAdvertiser {
  id: number;
  apiKey: string;
}

export const services = () => buildServices(env as unknown as Bindings);

// An advertiser with an API key, written as the advertiser admin API stores one (the key hashed).
export async function createAdvertiser(
  name = unique('Advertiser'),
  status = 'active',
): Promise<TestAdvertiser> {
  const apiKey = randomToken('adk_', 24);
  const [row] = await db
    .insert(advertisers)
    .values({ name, status, apiKeyHash: await sha256Hex(apiKey) })
    .$returningId();
  return { id: row!.id, apiKey };
}

// A campaign owned by the advertiser, its edge copy republished.
export async function advertiserCampaign(
  advertiserId: number,
  body: Record<string, unknown> = {},
): Promise<number> {
  const { id } = await createCampaign({ name: unique('Review campaign'), ...body });
  await db.update(campaigns).set({ advertiserId }).where(eq(campaigns.id, id));
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  await publishCampaign(services().config, campaign!);
  return id;
}

export const minutesAgo = (minutes: number): string =>
  toMysqlDatetime(new Date(Date.now() - minutes * 60_000));

// A stored conversion, as a postback would have left it; the rollup is not touched.
export async function insertConversion(
  values: Partial<NewConversion> & Pick<NewConversion, 'affiliateId' | 'campaignId'>,
): Promise<Conversion> {
  const at = values.timestamp ?? minutesAgo(5);
  const row: NewConversion = {
    clickId: unique('rv-click'),
    amount: '10.0000',
    payout: '2.0000',
    currency: 'USD',
    status: 'approved',
    event: 'conversion',
    txid: unique('rv-tx'),
    statusSetBy: 'advertiser',
    timestamp: at,
    updatedAt: at,
    ...values,
  };
  const result = await db.insert(conversions).values(row);
  const [stored] = await db
    .select()
    .from(conversions)
    .where(eq(conversions.id, Number(result.insertId)));
  return stored!;
}

export async function conversionRow(id: number): Promise<Conversion> {
  const [row] = await db.select().from(conversions).where(eq(conversions.id, id));
  return row!;
}

export async function historyRows(conversionId: number): Promise<Record<string, unknown>[]> {
  const { rows } = await db.execute(
    sql`SELECT from_status, to_status, reason, note, credential_kind FROM conversion_history WHERE conversion_id = ${conversionId} ORDER BY id`,
  );
  return rows as Record<string, unknown>[];
}

// The rollup's conversion count for one (affiliate, campaign, day, status) cell.
export async function rolledUp(
  c: Pick<Conversion, 'affiliateId' | 'campaignId' | 'timestamp'>,
  status: string,
): Promise<number> {
  const { rows } = await db.execute(
    sql`SELECT COALESCE(SUM(conversions), 0) AS n FROM daily_conversions WHERE affiliate_id = ${c.affiliateId} AND campaign_id = ${c.campaignId} AND day = ${c.timestamp.slice(0, 10)} AND status = ${status}`,
  );
  return Number((rows[0] as { n: string }).n);
}

export function withKey(key: string, init: RequestInit = {}): RequestInit & { key: string } {
  return { ...init, key };
}

export const patchJson = (body: unknown): RequestInit => ({
  method: 'PATCH',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export { api };
