import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaigns, caps } from '../../drizzle/schema.ts';
import type { Conversion } from '../../drizzle/schema.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { publishCampaign, type CampaignConfig } from '../lib/config-cache.ts';
import type { CapCounterClient, CapReservation, CapVerdict } from '../money/caps.ts';
import { createAffiliate } from '../test/api.ts';
import { db } from '../test/db.ts';
import { advertiserCampaign, conversionRow, createAdvertiser, historyRows, insertConversion, services } from '../test/review/fixtures.ts';
import { changeStatus, type StatusChange } from './change-status.ts';

/** The cap counter's side of the conversation, kept in memory: what review asked it to count and free. */
class RecordingCounter implements CapCounterClient {
  calls: { op: 'reserve' | 'release'; campaignId: number; reservation: CapReservation }[] = [];
  full = false;

  async reserve(campaign: CampaignConfig, reservation: CapReservation): Promise<CapVerdict> {
    this.calls.push({ op: 'reserve', campaignId: campaign.id, reservation });
    return this.full ? { ok: false, capId: 1, message: 'the daily cap of 50 conversions is reached' } : { ok: true };
  }

  async release(campaign: CampaignConfig, reservation: CapReservation): Promise<void> {
    this.calls.push({ op: 'release', campaignId: campaign.id, reservation });
  }
}

let capped: number;
let uncapped: number;
let affiliateId: number;

beforeAll(async () => {
  const advertiser = await createAdvertiser();
  capped = await advertiserCampaign(advertiser.id);
  uncapped = await advertiserCampaign(advertiser.id);
  await db.insert(caps).values({ campaignId: capped, period: 'day', metric: 'conversions', limit: '50' });
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, capped));
  await publishCampaign(services().config, row!);
  affiliateId = (await createAffiliate('Cap review partner')).id;
});

const depsWith = (counter: RecordingCounter) => ({ db, config: services().config, affiliatePostbacks: env.AFFILIATE_POSTBACK_QUEUE, caps: counter });
const change = (to: StatusChange['to']): StatusChange => ({ to, reason: 'manual', by: 'admin', at: toMysqlDatetime(new Date()), notify: false });
const keyOf = (c: Conversion) => `${c.affiliateId}:${c.clickId}:${c.event}:${c.txid}`;

describe('changeStatus keeps exact caps in step', () => {
  it('takes a place under the cap when a cap_reached conversion is approved, in the period it happened', async () => {
    const counter = new RecordingCounter();
    const c = await insertConversion({ affiliateId, campaignId: capped, status: 'rejected', reason: 'cap_reached', statusSetBy: 'rules', event: 'sale' });
    const moved = await changeStatus(depsWith(counter), c, change('approved'));
    expect(moved?.status).toBe('approved');
    expect(counter.calls).toEqual([
      { op: 'reserve', campaignId: capped, reservation: { key: keyOf(c), affiliateId, payout: '2.0000', at: new Date(`${c.timestamp.replace(' ', 'T')}Z`) } },
    ]);
  });

  it('refuses the approval while the cap is full, changing nothing', async () => {
    const counter = new RecordingCounter();
    counter.full = true;
    const c = await insertConversion({ affiliateId, campaignId: capped, status: 'rejected', reason: 'cap_reached', statusSetBy: 'rules' });
    const err = await changeStatus(depsWith(counter), c, change('approved')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', reason: 'cap_reached' });
    expect((err as ApiError).message).toMatch(/daily cap of 50 conversions/);
    expect(await conversionRow(c.id)).toEqual(c);
    expect(await historyRows(c.id)).toEqual([]);
  });

  it('frees the place when a counted conversion is rejected, and leaves the counter alone between approved and pending', async () => {
    const counter = new RecordingCounter();
    const c = await insertConversion({ affiliateId, campaignId: capped, status: 'approved' });
    const pending = await changeStatus(depsWith(counter), c, change('pending'));
    expect(counter.calls).toEqual([]);
    const approved = await changeStatus(depsWith(counter), pending!, change('approved'));
    // Approving counts the conversion; the key makes it count once if it already did.
    expect(counter.calls.map((call) => [call.op, call.reservation.key])).toEqual([['reserve', keyOf(c)]]);
    await changeStatus(depsWith(counter), approved!, change('rejected'));
    expect(counter.calls.map((call) => [call.op, call.reservation.key])).toEqual([
      ['reserve', keyOf(c)],
      ['release', keyOf(c)],
    ]);
    expect((await conversionRow(c.id)).status).toBe('rejected');
  });

  it('asks nothing of the counter for a campaign without conversion caps', async () => {
    const counter = new RecordingCounter();
    const c = await insertConversion({ affiliateId, campaignId: uncapped, status: 'rejected', reason: 'cap_reached' });
    await changeStatus(depsWith(counter), c, change('approved'));
    expect(counter.calls).toEqual([]);
  });

  it('gives the place back when another change moved the conversion first', async () => {
    const counter = new RecordingCounter();
    const c = await insertConversion({ affiliateId, campaignId: capped, status: 'rejected', reason: 'cap_reached', statusSetBy: 'rules' });
    // Someone else already moved it to pending and then rejected it again: our copy is stale.
    const stale = { ...c, status: 'pending' };
    expect(await changeStatus(depsWith(counter), stale, change('approved'))).toBeUndefined();
    expect(counter.calls.map((call) => call.op)).toEqual(['reserve', 'release']);
    expect((await conversionRow(c.id)).status).toBe('rejected');
  });
});
