import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaigns, caps } from '../../drizzle/schema.ts';
import type { Conversion } from '../../drizzle/schema.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { campaignConfig, publishCampaign } from '../config/read-model.ts';
import { capCounter, capCounterClient, counterCap } from '../money/caps.ts';
import { zoneOf } from '../money/periods.ts';
import { createAffiliate } from '../test/api.ts';
import { db } from '../test/db.ts';
import {
  advertiserCampaign,
  conversionRow,
  createAdvertiser,
  historyRows,
  insertConversion,
  services,
} from '../test/review/fixtures.ts';
import { changeStatus, type StatusChange } from './change-status.ts';

// The campaign's real CapCounter Durable Object, as the review routes use it.
const counter = capCounterClient(env.CAPS);
const deps = () => ({
  db,
  config: services().config,
  outgoingPostbacks: env.OUTGOING_POSTBACK_QUEUE,
  caps: counter,
});
const change = (to: StatusChange['to']): StatusChange => ({
  to,
  reason: 'manual',
  by: 'admin',
  at: toMysqlDatetime(new Date()),
  notify: false,
});
const keyOf = (c: Conversion) => JSON.stringify([c.affiliateId, c.clickId, c.event, c.txid]);
const atOf = (c: Conversion) => new Date(`${c.timestamp.replace(' ', 'T')}Z`);

let advertiserId: number | undefined;
let affiliateId: number | undefined;

/** A new campaign with one daily conversion cap (or none), its edge copy published with the cap. */
async function campaignWithCap(limit: number | null): Promise<number> {
  advertiserId ??= (await createAdvertiser()).id;
  const id = await advertiserCampaign(advertiserId);
  if (limit !== null) {
    await db
      .insert(caps)
      .values({ campaignId: id, period: 'day', metric: 'conversions', limit: String(limit) });
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    await publishCampaign(services().config, row!);
  }
  return id;
}

async function partner(): Promise<number> {
  affiliateId ??= (await createAffiliate('Cap review partner')).id;
  return affiliateId;
}

/** What the campaign's counter holds for its daily cap on the conversion's day. */
async function counted(campaignId: number, c: Conversion): Promise<number> {
  const campaign = (await campaignConfig(services().config, campaignId))!;
  const [usage] = await capCounter(env.CAPS, campaignId).usage({
    caps: (campaign.caps ?? []).map(counterCap),
    at: atOf(c).getTime(),
    timeZone: zoneOf(campaign.timeZone),
  });
  return usage ? Number(usage.used) : 0;
}

describe('changeStatus keeps exact caps in step', () => {
  it('takes a place under the cap when a cap_reached conversion is approved, in the period it happened', async () => {
    const campaignId = await campaignWithCap(50);
    const c = await insertConversion({
      affiliateId: await partner(),
      campaignId,
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
      event: 'sale',
    });
    const moved = await changeStatus(deps(), c, change('approved'));
    expect(moved?.status).toBe('approved');
    expect(await counted(campaignId, c)).toBe(1);
  });

  it('refuses the approval while the cap is full, changing nothing', async () => {
    const campaignId = await campaignWithCap(1);
    const affiliate = await partner();
    const first = await insertConversion({
      affiliateId: affiliate,
      campaignId,
      status: 'approved',
    });
    const campaign = (await campaignConfig(services().config, campaignId))!;
    // The one place is taken, as the postback that recorded `first` took it.
    await expect(
      counter.reserve(campaign, {
        key: keyOf(first),
        affiliateId: affiliate,
        payout: first.payout,
        at: atOf(first),
      }),
    ).resolves.toEqual({ ok: true, added: true, claim: expect.any(String) });
    const c = await insertConversion({
      affiliateId: affiliate,
      campaignId,
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
    });
    const err = await changeStatus(deps(), c, change('approved')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', reason: 'cap_reached' });
    expect((err as ApiError).message).toMatch(
      new RegExp(`campaign ${campaignId} allows 1 conversions a day`),
    );
    expect(await conversionRow(c.id)).toEqual(c);
    expect(await historyRows(c.id)).toEqual([]);
    expect(await counted(campaignId, c)).toBe(1);
  });

  it('frees the place when a counted conversion is rejected, and counts it once between approved and pending', async () => {
    const campaignId = await campaignWithCap(50);
    const c = await insertConversion({
      affiliateId: await partner(),
      campaignId,
      status: 'approved',
    });
    const pending = await changeStatus(deps(), c, change('pending'));
    const approved = await changeStatus(deps(), pending!, change('approved'));
    // Approving counts the conversion; its key makes it count once however often it is approved.
    expect(await counted(campaignId, c)).toBe(1);
    const again = await changeStatus(deps(), approved!, change('pending'));
    await changeStatus(deps(), again!, change('approved'));
    expect(await counted(campaignId, c)).toBe(1);
    const rejected = await changeStatus(deps(), await conversionRow(c.id), change('rejected'));
    expect(rejected?.status).toBe('rejected');
    expect(await counted(campaignId, c)).toBe(0);
  });

  it('leaves the counters alone for a campaign without conversion caps', async () => {
    const campaignId = await campaignWithCap(null);
    const c = await insertConversion({
      affiliateId: await partner(),
      campaignId,
      status: 'rejected',
      reason: 'cap_reached',
    });
    expect((await changeStatus(deps(), c, change('approved')))?.status).toBe('approved');
    const usage = await capCounter(env.CAPS, campaignId).usage({
      caps: [{ id: 1, scope: 'campaign', metric: 'conversions', period: 'day', limit: '50' }],
      at: atOf(c).getTime(),
      timeZone: 'UTC',
    });
    expect(usage[0]?.used).toBe('0');
  });

  it('gives the place back when another change moved the conversion first', async () => {
    const campaignId = await campaignWithCap(50);
    const c = await insertConversion({
      affiliateId: await partner(),
      campaignId,
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
    });
    // Someone else already moved it to pending and then rejected it again: our copy is stale.
    const stale = { ...c, status: 'pending' };
    expect(await changeStatus(deps(), stale, change('approved'))).toBeUndefined();
    expect((await conversionRow(c.id)).status).toBe('rejected');
    expect(await counted(campaignId, c)).toBe(0);
  });
});
