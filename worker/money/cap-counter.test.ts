import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CampaignConfig, CapConfig } from '../config/read-model.ts';
import type { CapCounter } from './cap-counter.ts';
import { capCounter, capCounterClient, counterCap, type CapVerdict } from './caps.ts';

const client = capCounterClient(env.CAPS);
let nextCampaign = 900_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
let nextCap = 1;

// Each test gets its own campaign id, so its own counter object.
function campaign(caps: Omit<CapConfig, 'id'>[], timeZone: string | null = null): CampaignConfig {
  return {
    id: nextCampaign++,
    name: 'Capped',
    offerUrl: null,
    fallbackUrl: null,
    status: 'active',
    attributionWindowDays: 30,
    defaultPayout: null,
    currency: 'USD',
    rules: null,
    timeZone,
    caps: caps.map((c) => ({ ...c, id: nextCap++ })),
  };
}

const cap = (
  metric: string,
  period: string,
  limit: string,
  affiliateId: number | null = null,
): Omit<CapConfig, 'id'> => ({ metric, period, limit, affiliateId });
const AT = new Date('2026-11-03T12:00:00Z');
const reservation = (key: string, payout: string | null = null, affiliateId = 1, at = AT) => ({
  key,
  affiliateId,
  payout,
  at,
});

async function usedAt(c: CampaignConfig, at: Date): Promise<string[]> {
  const usage = await capCounter(env.CAPS, c.id).usage({
    caps: c.caps!.map(counterCap),
    at: at.getTime(),
    timeZone: c.timeZone ?? 'UTC',
  });
  return usage.map((u) => u.used);
}

const usedOf = (c: CampaignConfig, at = AT) => usedAt(c, at);

describe('CapCounter under concurrency', () => {
  it('200 concurrent reservations against a cap of 50: exactly 50 ok, 150 refused', async () => {
    const c = campaign([cap('conversions', 'day', '50.0000')]);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.reserve(c, reservation(`conv-${i}`))),
    );
    expect(verdicts.filter((v) => v.ok)).toHaveLength(50);
    const refused = verdicts.filter((v) => !v.ok);
    expect(refused).toHaveLength(150);
    for (const v of refused) {
      expect(v).toMatchObject({ ok: false, capId: c.caps![0]!.id });
      expect(!v.ok && v.message).toBe(
        `Conversion cap reached: campaign ${c.id} allows 50 conversions a day (2026-11-03, UTC); 50 counted`,
      );
    }
    expect(await usedOf(c)).toEqual(['50']);
  });

  it('200 concurrent reservations against a payout budget: exactly the budget, summed in exact units', async () => {
    // 50 payouts of 1.2345 fill 61.7250 exactly; as floats the sum would drift.
    const c = campaign([cap('payout', 'month', '61.7250')]);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.reserve(c, reservation(`pay-${i}`, '1.2345'))),
    );
    expect(verdicts.filter((v) => v.ok)).toHaveLength(50);
    expect(verdicts.filter((v) => !v.ok)).toHaveLength(150);
    expect(await usedOf(c)).toEqual(['617250']);
    const refusal = verdicts.find((v) => !v.ok);
    expect(!refusal?.ok && refusal?.message).toBe(
      `Payout budget reached: campaign ${c.id} allows 61.7250 USD of payout a month (2026-11, UTC); 61.7250 USD used, this conversion pays 1.2345`,
    );
  });

  it('a payout that would pass the budget is refused even when a smaller one still fits', async () => {
    const c = campaign([cap('payout', 'total', '10')]);
    expect((await client.reserve(c, reservation('a', '7.5'))).ok).toBe(true);
    expect((await client.reserve(c, reservation('b', '2.5001'))).ok).toBe(false);
    expect((await client.reserve(c, reservation('c', '2.5'))).ok).toBe(true);
    expect((await client.reserve(c, reservation('d', '0.0001'))).ok).toBe(false);
    expect(await usedOf(c)).toEqual(['100000']);
  });

  it('200 concurrent retries of one conversion count it once', async () => {
    const c = campaign([cap('conversions', 'total', '5'), cap('payout', 'total', '1000')]);
    const verdicts = await Promise.all(
      Array.from({ length: 200 }, () => client.reserve(c, reservation('same-key', '3.3333'))),
    );
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(await usedOf(c)).toEqual(['1', '33333']);
  });

  it('a reserved key stays ok after the cap filled (a replay is not refused)', async () => {
    const c = campaign([cap('conversions', 'day', '2')]);
    await client.reserve(c, reservation('first'));
    await client.reserve(c, reservation('second'));
    expect((await client.reserve(c, reservation('third'))).ok).toBe(false);
    expect((await client.reserve(c, reservation('first'))).ok).toBe(true);
    expect(await usedOf(c)).toEqual(['2']);
  });
});

describe('release', () => {
  it('frees the slot of a conversion that was not stored (or was rejected in review)', async () => {
    const c = campaign([cap('conversions', 'day', '3'), cap('payout', 'day', '100')]);
    for (const key of ['a', 'b', 'c'])
      expect((await client.reserve(c, reservation(key, '10'))).ok).toBe(true);
    expect((await client.reserve(c, reservation('d', '10'))).ok).toBe(false);
    await client.release(c, reservation('b', '10'));
    expect(await usedOf(c)).toEqual(['2', '200000']);
    expect((await client.reserve(c, reservation('d', '10'))).ok).toBe(true);
    expect(await usedOf(c)).toEqual(['3', '300000']);
  });

  it('counts a key once however often it is reserved, and gives it back once', async () => {
    const c = campaign([cap('conversions', 'total', '10')]);
    const stub = capCounter(env.CAPS, c.id);
    // Two requests carry the same conversion: it counts once.
    await Promise.all([
      client.reserve(c, reservation('raced')),
      client.reserve(c, reservation('raced')),
    ]);
    expect(await usedOf(c)).toEqual(['1']);
    // Review rejects it: the slot is free, and a second release changes nothing.
    expect(await stub.release('raced')).toBe(true);
    expect(await usedOf(c)).toEqual(['0']);
    expect(await stub.release('raced')).toBe(false);
    expect(await usedOf(c)).toEqual(['0']);
  });

  it('of a key never reserved changes nothing', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    await client.reserve(c, reservation('kept'));
    await client.release(c, reservation('unknown'));
    expect(await usedOf(c)).toEqual(['1']);
  });
});

describe('settle: the stored row owns the place', () => {
  const stored = (counts: boolean | null, claim: string | null) => ({ counts, claim });
  // The claim a reservation took, ended by its settle.
  const claimOf = (v: CapVerdict) => (v.ok ? v.claim : null);

  it('a copy that reserved but lost the insert to a counted row keeps the place', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    // X reserves (added), Y finds it held: both claim; Y's row is stored and counts.
    const x = await client.reserve(c, reservation('same'));
    expect(x).toMatchObject({ added: true });
    const y = await client.reserve(c, reservation('same'));
    expect(y).toMatchObject({ added: false });
    await client.settle(c, reservation('same'), stored(true, claimOf(x)));
    await client.settle(c, reservation('same'), stored(true, claimOf(y)));
    expect(await usedOf(c)).toEqual(['1']);
  });

  it('a row that takes no place gives it back once no other claim is in flight', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    const x = await client.reserve(c, reservation('k'));
    const y = await client.reserve(c, reservation('k'));
    // The first to settle reads a rejected row while the other request may still approve it.
    await client.settle(c, reservation('k'), stored(false, claimOf(x)));
    expect(await usedOf(c)).toEqual(['1']);
    // Settling the same claim again ends nothing more: the other request's claim still holds it.
    await client.settle(c, reservation('k'), stored(false, claimOf(x)));
    expect(await usedOf(c)).toEqual(['1']);
    await client.settle(c, reservation('k'), stored(false, claimOf(y)));
    expect(await usedOf(c)).toEqual(['0']);
  });

  it("a request slower than its claim's lifetime never ends a newer request's claim", async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    const slow = await client.reserve(c, reservation('slow'));
    // The slow request's claim lapses (CLAIM_MS) while it still waits on the database.
    await runInDurableObject(capCounter(env.CAPS, c.id), (_: CapCounter, state) => {
      state.storage.sql.exec('UPDATE request_claims SET expires = 0');
    });
    const fresh = await client.reserve(c, reservation('slow'));
    // The slow one reads a row that takes no place: the fresh request may still store one that does.
    await client.settle(c, reservation('slow'), stored(false, claimOf(slow)));
    expect(await usedOf(c)).toEqual(['1']);
    await client.settle(c, reservation('slow'), stored(false, claimOf(fresh)));
    expect(await usedOf(c)).toEqual(['0']);
  });

  it('unknown keeps the place and ends the claim; a later settle decides', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    const x = await client.reserve(c, reservation('u'));
    await client.settle(c, reservation('u'), stored(null, claimOf(x)));
    expect(await usedOf(c)).toEqual(['1']);
    // A settle without a claim (review rejecting it) gives it back: no claim is left in flight.
    await client.settle(c, reservation('u'), stored(false, null));
    expect(await usedOf(c)).toEqual(['0']);
  });

  it("moves a place reserved in another period into the stored row's own", async () => {
    const c = campaign([cap('conversions', 'day', '5'), cap('payout', 'month', '100')]);
    const nextDay = new Date(AT.getTime() + 86_400_000);
    // A replay the next day reserved a row stored yesterday that held no place.
    const late = await client.reserve(c, reservation('late', '2', 1, nextDay));
    expect(await usedOf(c, nextDay)).toEqual(['1', '20000']);
    await client.settle(c, reservation('late', '2', 1, AT), stored(true, claimOf(late)));
    expect(await usedOf(c, nextDay)).toEqual(['0', '20000']);
    expect(await usedOf(c, AT)).toEqual(['1', '20000']);
    // And a release gives back what was moved, from where it now is.
    await client.release(c, reservation('late'));
    expect(await usedOf(c, AT)).toEqual(['0', '0']);
  });

  it('a copy with a larger payout is checked against the budget; the counter ends at the stored payout', async () => {
    const c = campaign([cap('conversions', 'day', '5'), cap('payout', 'day', '10')]);
    const first = await client.reserve(c, reservation('amt', '1'));
    expect(first).toMatchObject({ ok: true, added: true });
    // 500 beside the 1 it holds does not fit 10: refused, nothing more counted.
    expect(await client.reserve(c, reservation('amt', '500'))).toMatchObject({ ok: false });
    expect(await usedOf(c)).toEqual(['1', '10000']);
    // 4 fits: the key holds the larger payout while either copy may be the one stored.
    const larger = await client.reserve(c, reservation('amt', '4'));
    expect(larger).toMatchObject({ ok: true });
    expect(await usedOf(c)).toEqual(['1', '40000']);
    // A smaller copy holds no less.
    await client.reserve(c, reservation('amt', '0.5'));
    expect(await usedOf(c)).toEqual(['1', '40000']);
    // The stored row pays 1: the counter holds exactly that, and a release gives back exactly that.
    await client.settle(c, reservation('amt', '1'), stored(true, claimOf(first)));
    expect(await usedOf(c)).toEqual(['1', '10000']);
    await client.settle(c, reservation('amt', null), stored(true, claimOf(larger)));
    expect(await usedOf(c)).toEqual(['1', '0']);
    await client.release(c, reservation('amt'));
    expect(await usedOf(c)).toEqual(['0', '0']);
  });
});

describe('which caps count', () => {
  it("an affiliate's cap counts only that affiliate; the campaign cap counts everyone", async () => {
    const c = campaign([cap('conversions', 'day', '3'), cap('conversions', 'day', '2', 7)]);
    const results: boolean[] = [];
    for (let i = 0; i < 3; i++)
      results.push((await client.reserve(c, reservation(`seven-${i}`, null, 7))).ok);
    expect(results).toEqual([true, true, false]);
    const refused = await client.reserve(c, reservation('seven-x', null, 7));
    expect(!refused.ok && refused.message).toBe(
      `Conversion cap reached: campaign ${c.id} for affiliate 7 allows 2 conversions a day (2026-11-03, UTC); 2 counted`,
    );
    expect((await client.reserve(c, reservation('eight-0', null, 8))).ok).toBe(true);
    expect((await client.reserve(c, reservation('eight-1', null, 8))).ok).toBe(false);
    expect(await usedOf(c)).toEqual(['3', '2']);
  });

  it('a refusal counts nothing anywhere', async () => {
    const c = campaign([cap('conversions', 'month', '100'), cap('payout', 'month', '5')]);
    expect((await client.reserve(c, reservation('big', '6'))).ok).toBe(false);
    expect(await usedOf(c)).toEqual(['0', '0']);
  });

  it("another affiliate's caps only: no counter call, nothing counted", async () => {
    const c = campaign([cap('conversions', 'day', '1', 99)]);
    expect((await client.reserve(c, reservation('x', null, 5))).ok).toBe(true);
    expect((await client.reserve(c, reservation('y', null, 5))).ok).toBe(true);
    expect(await usedOf(c)).toEqual(['0']);
  });

  it('click caps are not counted by conversions', async () => {
    const c = campaign([cap('clicks', 'day', '1')]);
    expect((await client.reserve(c, reservation('x'))).ok).toBe(true);
    expect(await usedOf(c)).toEqual(['0']);
  });

  it('a new limit keeps the usage: counters belong to what a cap counts, not to its row', async () => {
    const before = campaign([cap('conversions', 'day', '2')]);
    await client.reserve(before, reservation('one'));
    await client.reserve(before, reservation('two'));
    expect((await client.reserve(before, reservation('three'))).ok).toBe(false);
    // The PUT retired the row and inserted a new one (new id) with a higher limit.
    const after: CampaignConfig = {
      ...before,
      caps: [
        { id: nextCap++, metric: 'conversions', period: 'day', limit: '3.0000', affiliateId: null },
      ],
    };
    expect((await client.reserve(after, reservation('three'))).ok).toBe(true);
    expect((await client.reserve(after, reservation('four'))).ok).toBe(false);
    // Lowered below the usage: nothing more fits, and usage is reported as it is.
    const lowered: CampaignConfig = {
      ...before,
      caps: [
        { id: nextCap++, metric: 'conversions', period: 'day', limit: '1.0000', affiliateId: null },
      ],
    };
    expect((await client.reserve(lowered, reservation('five'))).ok).toBe(false);
    expect(await usedOf(lowered)).toEqual(['3']);
  });
});

describe('periods', () => {
  it('a UTC day ends at midnight UTC', async () => {
    const c = campaign([cap('conversions', 'day', '1')]);
    expect(
      (await client.reserve(c, reservation('late', null, 1, new Date('2026-11-03T23:59:59.999Z'))))
        .ok,
    ).toBe(true);
    expect(
      (await client.reserve(c, reservation('later', null, 1, new Date('2026-11-03T23:59:59.999Z'))))
        .ok,
    ).toBe(false);
    expect(
      (await client.reserve(c, reservation('next', null, 1, new Date('2026-11-04T00:00:00.000Z'))))
        .ok,
    ).toBe(true);
  });

  it("a campaign's day runs midnight to midnight in its time zone", async () => {
    // New York is UTC-5 in November: its 3 November runs 05:00Z on the 3rd to 05:00Z on the 4th.
    const c = campaign([cap('conversions', 'day', '1')], 'America/New_York');
    expect(
      (await client.reserve(c, reservation('nov2', null, 1, new Date('2026-11-03T04:59:59.999Z'))))
        .ok,
    ).toBe(true);
    const refused = await client.reserve(
      c,
      reservation('nov2-again', null, 1, new Date('2026-11-03T04:00:00Z')),
    );
    expect(!refused.ok && refused.message).toContain('(2026-11-02, America/New_York)');
    expect(
      (await client.reserve(c, reservation('nov3', null, 1, new Date('2026-11-03T05:00:00.000Z'))))
        .ok,
    ).toBe(true);
    expect(
      (
        await client.reserve(
          c,
          reservation('nov3-again', null, 1, new Date('2026-11-04T04:59:59Z')),
        )
      ).ok,
    ).toBe(false);
    expect(
      (await client.reserve(c, reservation('nov4', null, 1, new Date('2026-11-04T05:00:00Z')))).ok,
    ).toBe(true);
  });

  it('a month in Tokyo starts at 15:00 UTC the day before', async () => {
    const c = campaign([cap('conversions', 'month', '1')], 'Asia/Tokyo');
    expect(
      (await client.reserve(c, reservation('oct', null, 1, new Date('2026-10-31T14:59:59Z')))).ok,
    ).toBe(true);
    expect(
      (await client.reserve(c, reservation('nov', null, 1, new Date('2026-10-31T15:00:00Z')))).ok,
    ).toBe(true);
    expect(
      (await client.reserve(c, reservation('nov-again', null, 1, new Date('2026-11-30T14:59:59Z'))))
        .ok,
    ).toBe(false);
    const usage = await capCounter(env.CAPS, c.id).usage({
      caps: c.caps!.map(counterCap),
      at: Date.parse('2026-11-15T00:00:00Z'),
      timeZone: 'Asia/Tokyo',
    });
    expect(usage).toEqual([
      {
        capId: c.caps![0]!.id,
        used: '1',
        periodKey: '2026-11',
        until: Date.parse('2026-11-30T15:00:00Z'),
      },
    ]);
  });

  it('counts in the zone recorded in force, whatever zone a request carries', async () => {
    const tokyo = campaign([cap('conversions', 'day', '2')], 'Asia/Tokyo');
    await capCounter(env.CAPS, tokyo.id).setZone('Asia/Tokyo');
    // An isolate still holding the campaign in UTC reserves: counted in Tokyo's day.
    const stale: CampaignConfig = { ...tokyo, timeZone: null };
    await client.reserve(stale, reservation('old-1'));
    await client.reserve(stale, reservation('old-2'));
    expect(await usedOf(tokyo)).toEqual(['2']);
    const refused = await client.reserve(stale, reservation('old-3'));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toContain('(2026-11-03, Asia/Tokyo)');
  });

  it('an unknown stored zone counts in UTC instead of failing', async () => {
    const c = campaign([cap('conversions', 'day', '1')], 'Mars/Olympus');
    expect(
      (await client.reserve(c, reservation('a', null, 1, new Date('2026-11-03T23:00:00Z')))).ok,
    ).toBe(true);
    expect(
      (await client.reserve(c, reservation('b', null, 1, new Date('2026-11-04T00:00:00Z')))).ok,
    ).toBe(true);
  });

  it('forgets counters and reservations a week after their period ended; total ones are kept', async () => {
    const c = campaign([cap('conversions', 'day', '5'), cap('conversions', 'total', '100')]);
    const old = new Date('2026-01-10T12:00:00Z');
    await client.reserve(c, reservation('old', null, 1, old));
    await client.reserve(c, reservation('new', null, 1, AT));
    const stub = capCounter(env.CAPS, c.id);
    const rows = await runInDurableObject(stub, (instance: CapCounter, state) => {
      instance.prune(Date.parse('2026-11-03T12:00:00Z'), true);
      const counters = state.storage.sql
        .exec<{ counter: string; used: string }>(
          'SELECT counter, used FROM counters ORDER BY counter',
        )
        .toArray();
      const reservations = state.storage.sql
        .exec<{ key: string }>('SELECT key FROM reservations ORDER BY key')
        .toArray();
      return { counters, reservations };
    });
    expect(rows.counters).toEqual([
      { counter: 'campaign|conversions|day|UTC|2026-11-03', used: '1' },
      { counter: 'campaign|conversions|total|total', used: '2' },
    ]);
    // Both touched the total counter, so both reservations are kept for good.
    expect(rows.reservations.map((r) => r.key)).toEqual(['new', 'old']);
  });

  it('a reservation on day caps only is forgotten with its day', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    await client.reserve(c, reservation('old', null, 1, new Date('2026-01-10T12:00:00Z')));
    const stub = capCounter(env.CAPS, c.id);
    const left = await runInDurableObject(stub, (instance: CapCounter, state) => {
      instance.prune(Date.parse('2026-01-18T00:00:01Z'), true);
      return state.storage.sql.exec('SELECT key FROM reservations').toArray().length;
    });
    expect(left).toBe(0);
  });
});

describe('counters by zone, and periods no longer kept', () => {
  it('names the zone in day and month counters, adopting one counted before counters named it', async () => {
    const c = campaign([cap('conversions', 'day', '5')], 'Europe/Berlin');
    const stub = capCounter(env.CAPS, c.id);
    // As an older counter stored it: no zone in the name, one reservation holding it.
    await runInDurableObject(stub, (_: CapCounter, state) => {
      state.storage.sql.exec(
        "INSERT INTO counters (counter, used, keep_until) VALUES ('campaign|conversions|day|2026-11-03', '2', NULL)",
      );
      state.storage.sql.exec(
        `INSERT INTO reservations (key, deltas, keep_until) VALUES ('older', '[["campaign|conversions|day|2026-11-03","1"]]', NULL)`,
      );
    });
    expect(await usedOf(c)).toEqual(['2']);
    await client.release(c, reservation('older'));
    expect(await usedOf(c)).toEqual(['1']);
    // The same local date in another zone is another span, with its own counter.
    expect(await usedOf({ ...c, timeZone: 'Asia/Tokyo' })).toEqual(['0']);
  });

  it('review in a period whose counter is gone asks for a recount, and counts against what it recounted', async () => {
    const c = campaign([cap('conversions', 'day', '1')]);
    const old = new Date('2026-01-10T12:00:00Z');
    const stub = capCounter(env.CAPS, c.id);
    const recounted: number[] = [];
    const withRecount = capCounterClient(env.CAPS, async (_, caps, at) => {
      recounted.push(at);
      // What the database holds that day: one approved conversion.
      await stub.seed({
        caps: caps.map(counterCap),
        at,
        timeZone: 'UTC',
        conversions: [{ key: 'stored', payoutUnits: '0' }],
        clicks: null,
      });
    });
    const without = await client.reserve(c, reservation('late', null, 1, old), { everyCap: true });
    expect(without).toMatchObject({ ok: false });
    expect((without as { message: string }).message).toMatch(
      /2026-01-10 \(UTC\) is no longer kept/,
    );
    const refused = await withRecount.reserve(c, reservation('late', null, 1, old), {
      everyCap: true,
    });
    expect(refused.ok).toBe(false);
    expect(recounted).toEqual([old.getTime()]);
    expect(await usedOf(c, old)).toEqual(['1']);
    // A day with room: recounted empty, then counted.
    const empty = new Date('2026-01-11T12:00:00Z');
    const roomy = capCounterClient(env.CAPS, async (_, caps, at) => {
      await stub.seed({
        caps: caps.map(counterCap),
        at,
        timeZone: 'UTC',
        conversions: [],
        clicks: null,
      });
    });
    expect(
      await roomy.reserve(c, reservation('fits', null, 1, empty), { everyCap: true }),
    ).toMatchObject({
      ok: true,
      added: true,
    });
    expect(await usedOf(c, empty)).toEqual(['1']);
  });
});

describe('click admission', () => {
  it('lets exactly the limit in under 200 concurrent clicks, and asks without counting', async () => {
    const c = campaign([cap('clicks', 'day', '50')]);
    const stub = capCounter(env.CAPS, c.id);
    const request = (count: boolean) =>
      stub.admitClick({ caps: c.caps!.map(counterCap), at: AT.getTime(), timeZone: 'UTC', count });
    expect((await request(false)).ok).toBe(true);
    const verdicts = await Promise.all(Array.from({ length: 200 }, () => request(true)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(50);
    const refusal = verdicts.find((v) => !v.ok);
    expect(refusal).toEqual({
      ok: false,
      capId: c.caps![0]!.id,
      used: '50',
      periodKey: '2026-11-03',
      timeZone: 'UTC',
      until: Date.parse('2026-11-04T00:00:00Z'),
    });
    expect((await request(false)).ok).toBe(false);
    expect(await usedOf(c)).toEqual(['50']);
  });
});

describe('seeding a cap saved mid-period', () => {
  const seed = (
    c: CampaignConfig,
    conversions: { key: string; payoutUnits: string }[],
    clicks: string | null = null,
  ) =>
    capCounter(env.CAPS, c.id).seed({
      caps: c.caps!.map(counterCap),
      at: AT.getTime(),
      timeZone: 'UTC',
      conversions,
      clicks,
    });

  it('does not count again a key given back after the database read it', async () => {
    const c = campaign([cap('conversions', 'day', '5')]);
    const readAt = Date.now();
    // Read as counting, then rejected (its place given back) before the seed arrives.
    await client.reserve(c, reservation('gone'));
    await client.release(c, reservation('gone'));
    const counter = capCounter(env.CAPS, c.id);
    const caps = c.caps!.map(counterCap);
    const conversions = [{ key: 'gone', payoutUnits: '0' }];
    const seeded = (readAt: number) =>
      counter.seed({ caps, at: AT.getTime(), timeZone: 'UTC', conversions, clicks: null, readAt });
    expect(await seeded(readAt)).toBe(0);
    expect(await usedOf(c)).toEqual(['0']);
    // A read well after the give-back (the row counts again) is counted.
    expect(await seeded(Date.now() + 120_000)).toBe(1);
    expect(await usedOf(c)).toEqual(['1']);
  });

  it('counts each key once per counter, however often it is seeded, and next to what reserve counted', async () => {
    const c = campaign([cap('conversions', 'day', '5'), cap('payout', 'day', '100')]);
    expect((await client.reserve(c, reservation('live', '1.5000'))).ok).toBe(true);
    const period = [
      { key: 'live', payoutUnits: '15000' },
      { key: 'a', payoutUnits: '12345' },
      { key: 'b', payoutUnits: '0' },
    ];
    expect(await seed(c, period)).toBe(2);
    expect(await seed(c, period)).toBe(0);
    expect(await usedOf(c)).toEqual(['3', '27345']);
    // The next conversions fill what is left, then the cap refuses.
    expect((await client.reserve(c, reservation('c'))).ok).toBe(true);
    expect((await client.reserve(c, reservation('d'))).ok).toBe(true);
    expect((await client.reserve(c, reservation('e'))).ok).toBe(false);
    // A seeded conversion released gives back exactly what the seed added.
    await client.release(c, reservation('a'));
    expect(await usedOf(c)).toEqual(['4', '15000']);
  });

  it('appends a new cap to a reservation made before the cap existed, so a release gives both back', async () => {
    const before = campaign([cap('conversions', 'month', '10')]);
    expect((await client.reserve(before, reservation('held'))).ok).toBe(true);
    const after: CampaignConfig = {
      ...before,
      caps: [...before.caps!, { ...cap('conversions', 'day', '10'), id: nextCap++ }],
    };
    // The seed counts the held key in the new cap only; reserving it again (say, review approving it) adds nothing.
    expect(await seed(after, [{ key: 'held', payoutUnits: '0' }])).toBe(1);
    expect(await usedOf(after)).toEqual(['1', '1']);
    expect(await client.reserve(after, reservation('held'))).toEqual({
      ok: true,
      added: false,
      claim: expect.any(String),
    });
    expect(await usedOf(after)).toEqual(['1', '1']);
    await client.release(after, reservation('held'));
    expect(await usedOf(after)).toEqual(['0', '0']);
  });

  it('review counts a key reserved before a cap existed in that cap, or refuses it when the cap is full; a replay does not', async () => {
    // Review reserves at the conversion's own time: a recent one, whose counters are kept.
    const at = new Date();
    const reservation = (key: string) => ({ key, affiliateId: 1, payout: null, at });
    const usedOf = (c: CampaignConfig) => usedAt(c, at);
    const before = campaign([cap('conversions', 'month', '10')]);
    await client.reserve(before, reservation('held-a'));
    await client.reserve(before, reservation('held-b'));
    const after: CampaignConfig = {
      ...before,
      caps: [...before.caps!, { ...cap('conversions', 'day', '1'), id: nextCap++ }],
    };
    // A replay (a postback) of a reserved key counts nowhere more, new cap or not.
    expect(await client.reserve(after, reservation('held-a'))).toEqual({
      ok: true,
      added: false,
      claim: expect.any(String),
    });
    expect(await usedOf(after)).toEqual(['2', '0']);
    // A conversion held for review when the day cap was saved: approving it counts it in the day cap once.
    expect(await client.reserve(after, reservation('held-a'), { everyCap: true })).toEqual({
      ok: true,
      added: true,
      claim: expect.any(String),
    });
    expect(await client.reserve(after, reservation('held-a'), { everyCap: true })).toEqual({
      ok: true,
      added: false,
      claim: expect.any(String),
    });
    expect(await usedOf(after)).toEqual(['2', '1']);
    // The day cap is full: the other one is refused there, and nothing is counted anywhere.
    const refused = await client.reserve(after, reservation('held-b'), { everyCap: true });
    expect(refused.ok).toBe(false);
    expect(await usedOf(after)).toEqual(['2', '1']);
    // Its release still gives back the month place it took before.
    await client.release(after, reservation('held-b'));
    expect(await usedOf(after)).toEqual(['1', '1']);
  });

  it('raises a click counter to the seeded count, never lowers it, and leaves conversion counters alone', async () => {
    const c = campaign([cap('clicks', 'day', '50'), cap('conversions', 'day', '5')]);
    expect(await seed(c, [], '7')).toBe(0);
    expect(await usedOf(c)).toEqual(['7', '0']);
    await seed(c, [], '3');
    expect(await usedOf(c)).toEqual(['7', '0']);
  });
});
