import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../env.ts';
import { periodEnd, periodKey, type CapPeriod } from './periods.ts';

/** A cap as the counter sees it: the worker turns the campaign's caps into these (worker/money/caps.ts). */
export interface CounterCap {
  id: number;
  // Whose usage it limits: 'campaign' (every affiliate together) or 'affiliate:<id>'.
  scope: string;
  metric: 'conversions' | 'payout' | 'clicks';
  period: CapPeriod;
  // In counter units, as the text of a whole number: a count, or payout in 1/10000 of the currency.
  limit: string;
}

interface AtRequest {
  caps: CounterCap[];
  // Milliseconds since the epoch: which day / month counts it.
  at: number;
  // IANA zone the days and months are counted in.
  timeZone: string;
}

export interface ReserveRequest extends AtRequest {
  // The conversion's unique key: reserving it again counts nothing more.
  key: string;
  // The conversion's payout in 1/10000 units (whole-number text); '0' when it pays nothing.
  payoutUnits: string;
  // false (a new conversion, or a replay of one): a key already reserved counts nowhere more.
  // true (review, at the conversion's own time): a key is also counted in each cap saved since it was reserved.
  everyCap?: boolean;
}

/**
 * What is stored for a conversion, told after its insert or status change settled: the counter
 * then holds its place exactly when the stored row takes one, whichever request reserved it.
 */
export interface SettleRequest extends AtRequest {
  key: string;
  payoutUnits: string;
  // true: the stored row takes a place (at `at`, its own time); false: it takes none (rejected, an
  // affiliate's own report); null: unknown (the database could not say), so the place is kept.
  counts: boolean | null;
  // The claim this request's reserve took (null: none): it ends now.
  claim: string | null;
}

export interface ClickRequest extends AtRequest {
  // false: only asks whether a click would fit (crawlers, HEAD requests), counting nothing.
  count: boolean;
}

/** What a period held before its caps were saved: the counting conversions, and the click count. */
export interface SeedRequest extends AtRequest {
  // Each conversion's unique key (as reserve takes it) and its payout in 1/10000 units ('0': none).
  conversions: { key: string; payoutUnits: string }[];
  // The period's counted clicks (whole-number text) for the click caps given; null: none to seed.
  clicks: string | null;
  // When the conversions were read (ms since the epoch): a key given back since then is not counted.
  readAt?: number;
}

export type CounterVerdict =
  // added: this call counted the key (false: it already counted, or nothing applied).
  // claim: this request's claim on the key, until it settles (reserve only).
  | { ok: true; added?: boolean; claim?: string }
  // The first cap that would be exceeded, its usage in its current period, and when that period ends (null: never).
  // recount: the period ended long ago and its counter is no longer kept, so its usage is unknown
  // here; the caller counts the period in from the database (seed) and asks again.
  | {
      ok: false;
      capId: number;
      used: string;
      periodKey: string;
      // The zone periodKey is a day or month of: the counter's zone in force.
      timeZone: string;
      until: number | null;
      recount?: true;
    };

export interface CapUsage {
  capId: number;
  used: string;
  periodKey: string;
  until: number | null;
}

// Counters and reservations outlive their period by this much, so a late retry still finds its reservation.
const GRACE_MS = 7 * 86_400_000;
// A claim not settled within this long belongs to a request that died: it no longer defers a release.
const CLAIM_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 3_600_000;
// A seed's read time comes from the worker's clock, a give-back's from this object's: allow for skew.
const CLOCK_SKEW_MS = 60_000;
// Longer than any seed's read of a period takes.
const RELEASED_MS = 3_600_000;

interface Slot {
  counter: string;
  // The zone its day or month was counted in (the one in force, whatever the request carried).
  timeZone: string;
  periodKey: string;
  until: number | null;
  keepUntil: number | null;
  // Ended longer ago than the grace: a counter missing now may have been pruned, not never used.
  stale: boolean;
}

/**
 * One per campaign. Counts conversions, payout and clicks against the campaign's caps, exactly:
 * every method runs start to finish without awaiting anything, so the object's single thread
 * serialises all of them and two requests can never both take the last slot. Counters are keyed by
 * (scope, metric, period, period key), not by cap id, so editing a cap's limit keeps its usage.
 * Payout is summed as whole 1/10000 units (BigInt), never as floats.
 */
export class CapCounter extends DurableObject<Bindings> {
  private prunedAt = 0;
  private readonly ends = new Map<string, number | null>();
  private readonly adopted = new Set<string>();
  // The campaign's time zone in force, as its last change recorded it (setZone); null: none recorded.
  private zone: string | null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    // used is whole-number text: payout units can pass 2^53 where a JS number would stop being exact.
    sql.exec(
      'CREATE TABLE IF NOT EXISTS counters (counter TEXT PRIMARY KEY, used TEXT NOT NULL, keep_until INTEGER)',
    );
    // deltas: [[counter, amount], ...] this reservation added, given back by release.
    sql.exec(
      'CREATE TABLE IF NOT EXISTS reservations (key TEXT PRIMARY KEY, deltas TEXT NOT NULL, keep_until INTEGER)',
    );
    // Requests between reserve and settle, per key: while one is in flight, a row read as not
    // counting may still become the one it stores or approves, so its place is not given back yet.
    // One row per request, so a request that outlived its claim ends only its own, never a newer one's.
    sql.exec(
      'CREATE TABLE IF NOT EXISTS request_claims (key TEXT NOT NULL, token TEXT NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (key, token))',
    );
    // Claims were once a count per key; those in flight at the upgrade then lapse at once.
    sql.exec('DROP TABLE IF EXISTS claims');
    // Keys given back, and when: a seed whose database read came before that does not count them again.
    sql.exec('CREATE TABLE IF NOT EXISTS released (key TEXT PRIMARY KEY, at INTEGER NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.zone =
      sql.exec<{ value: string }>("SELECT value FROM settings WHERE name = 'zone'").toArray()[0]
        ?.value ?? null;
    sql.exec('CREATE INDEX IF NOT EXISTS counters_keep ON counters (keep_until)');
    sql.exec('CREATE INDEX IF NOT EXISTS reservations_keep ON reservations (keep_until)');
  }

  /**
   * Records the campaign's time zone in force, as its saved settings name it. Days and months are
   * then counted in it whatever zone a request carries: an isolate still holding the old zone (its
   * config cache) counts into the same counters as the rest, never into ones no cap reads.
   */
  setZone(timeZone: string): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO settings (name, value) VALUES ('zone', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      timeZone,
    );
    this.zone = timeZone;
  }

  /**
   * Counts a conversion against every cap given (the client passes the non-click caps that apply to
   * its affiliate) if all of them have room; otherwise counts nothing and names the first full one.
   * A key already reserved is not counted again: a conversion counts once, however often it is
   * reserved. With `everyCap`, it is also counted (if there is room) in the caps saved since, once each.
   */
  reserve(req: ReserveRequest): CounterVerdict {
    return this.ctx.storage.transactionSync(() => {
      const now = Date.now();
      this.prune(now);
      const verdict = this.tryReserve(req);
      return verdict.ok ? { ...verdict, claim: this.claim(req.key, now) } : verdict;
    });
  }

  private tryReserve(req: ReserveRequest): CounterVerdict {
    let reservation = this.reservation(req.key);
    if (reservation.deltas.length > 0) {
      // A copy with another payout may be the one stored: the budget is checked for its payout too.
      const refused = this.raisePayout(req, reservation);
      if (refused) return refused;
      // A replay's time may fall in a later period than the original's: only review names the conversion's own.
      if (!req.everyCap) return { ok: true, added: false };
      reservation = this.reservation(req.key);
    }
    const moves: { slot: Slot; delta: bigint }[] = [];
    for (const cap of req.caps) {
      if (cap.metric === 'clicks') continue;
      const delta = cap.metric === 'conversions' ? 1n : BigInt(req.payoutUnits);
      const slot = this.slot(cap, req.at, req.timeZone);
      if (delta === 0n || reservation.held.has(slot.counter)) continue;
      // Review reserves at the conversion's own time, which may be a period whose counter was pruned.
      // A postback reserves at its receive time, a period still kept.
      if (req.everyCap && slot.stale && !this.exists(slot.counter))
        return { ...refusal(cap, 0n, slot), recount: true };
      const used = this.used(slot.counter);
      if (used + delta > BigInt(cap.limit)) return refusal(cap, used, slot);
      moves.push({ slot: req.everyCap ? keptFromNow(slot) : slot, delta });
    }
    // Nothing to count (counted already, or a zero payout against payout caps only): nothing to undo either.
    if (moves.length === 0) return { ok: true, added: false };
    this.count(req.key, reservation, moves);
    return { ok: true, added: true };
  }

  /**
   * Raises what the key holds in each payout cap to this request's payout when that is larger, if
   * the cap has room: a reservation holds the largest payout of its copies in flight, so whichever
   * copy is stored fits, and settle then sets it to the stored one. Returns the refusal, if any.
   */
  private raisePayout(
    req: ReserveRequest,
    reservation: ReturnType<CapCounter['reservation']>,
  ): Extract<CounterVerdict, { ok: false }> | undefined {
    const payout = BigInt(req.payoutUnits);
    if (payout === 0n) return undefined;
    const raises: { slot: Slot; delta: bigint }[] = [];
    for (const cap of req.caps) {
      if (cap.metric !== 'payout') continue;
      const slot = this.slot(cap, req.at, req.timeZone);
      const held = heldIn(reservation.deltas, slot.counter);
      const target = held ? { ...slot, counter: held[0] } : slot;
      const delta = payout - BigInt(held?.[1] ?? '0');
      if (delta <= 0n) continue;
      const used = this.used(target.counter);
      if (used + delta > BigInt(cap.limit)) return refusal(cap, used, slot);
      raises.push({ slot: target, delta });
    }
    if (raises.length > 0) this.count(req.key, reservation, raises);
    return undefined;
  }

  /**
   * Makes the counter agree with what is stored for the key, and ends this request's claim. A row
   * that takes a place keeps its reservation, moved into the row's own periods if a replay reserved
   * it in others; one that takes none gives it back, unless another request holds a claim (it will
   * settle after its own write). Decided by the stored row, never by which request reserved: an
   * identical copy that lost the insert race leaves the winner's place alone. Returns whether a
   * place was given back.
   */
  settle(req: SettleRequest): boolean {
    return this.ctx.storage.transactionSync(() => {
      const now = Date.now();
      this.prune(now);
      if (req.claim !== null) this.unclaim(req.key, req.claim);
      if (req.counts === null) return false;
      if (req.counts) {
        this.moveInto(req);
        this.setPayout(req);
        return false;
      }
      if (this.claimsOf(req.key, now) > 0) return false;
      return this.giveBack(req.key);
    });
  }

  /**
   * Gives a reservation's counts back: the conversion no longer counts (rejected, or never stored).
   * Returns whether anything was given back. A key unknown (never counted, released already, or its
   * period long over and pruned) is a no-op. The caller decides when a conversion stops counting:
   * a request that lost an insert race to the stored original does not release (the original counts).
   */
  release(key: string): boolean {
    return this.ctx.storage.transactionSync(() => this.giveBack(key));
  }

  private giveBack(key: string): boolean {
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<{ deltas: string }>('SELECT deltas FROM reservations WHERE key = ?', key)
      .toArray()[0];
    if (!row) return false;
    for (const [counter, delta] of JSON.parse(row.deltas) as [string, string][])
      this.subtract(counter, BigInt(delta));
    sql.exec('DELETE FROM reservations WHERE key = ?', key);
    sql.exec(
      'INSERT INTO released (key, at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET at = excluded.at',
      key,
      Date.now(),
    );
    return true;
  }

  // A held counter of another period of the same cap (a replay reserved at its own time) moves to the row's.
  private moveInto(req: SettleRequest): void {
    const reservation = this.reservation(req.key);
    if (reservation.deltas.length === 0) return;
    const targets = new Map<string, Slot>();
    for (const cap of req.caps) {
      if (cap.metric === 'clicks') continue;
      const slot = this.slot(cap, req.at, req.timeZone);
      targets.set(capOf(slot.counter), slot);
    }
    let moved = false;
    let keepUntil = reservation.keepUntil;
    const deltas = reservation.deltas.map(([counter, delta]): [string, string] => {
      const target = targets.get(capOf(counter));
      if (!target || target.counter === counter || reservation.held.has(target.counter))
        return [counter, delta];
      this.subtract(counter, BigInt(delta));
      this.add(target, BigInt(delta));
      keepUntil = later(keepUntil, target.keepUntil);
      moved = true;
      return [target.counter, delta];
    });
    if (!moved) return;
    this.ctx.storage.sql.exec(
      'UPDATE reservations SET deltas = ?, keep_until = ? WHERE key = ?',
      JSON.stringify(deltas),
      keepUntil,
      req.key,
    );
  }

  // Each payout cap then holds exactly the stored row's payout for the key, whatever its copies reserved.
  private setPayout(req: SettleRequest): void {
    const reservation = this.reservation(req.key);
    if (reservation.deltas.length === 0) return;
    const payout = BigInt(req.payoutUnits);
    let deltas = reservation.deltas;
    let changed = false;
    for (const cap of req.caps) {
      if (cap.metric !== 'payout') continue;
      const slot = this.slot(cap, req.at, req.timeZone);
      const held = heldIn(deltas, slot.counter);
      const before = BigInt(held?.[1] ?? '0');
      if (before === payout) continue;
      changed = true;
      const counter = held?.[0] ?? slot.counter;
      if (held) this.subtract(counter, before);
      deltas = deltas.filter(([c]) => c !== counter);
      if (payout === 0n) continue;
      this.add({ ...slot, counter }, payout);
      deltas.push([counter, payout.toString()]);
    }
    if (!changed) return;
    this.ctx.storage.sql.exec(
      'UPDATE reservations SET deltas = ? WHERE key = ?',
      JSON.stringify(deltas),
      req.key,
    );
  }

  private claim(key: string, now: number): string {
    const token = crypto.randomUUID();
    this.ctx.storage.sql.exec(
      'INSERT INTO request_claims (key, token, expires) VALUES (?, ?, ?)',
      key,
      token,
      now + CLAIM_MS,
    );
    return token;
  }

  private unclaim(key: string, token: string): void {
    this.ctx.storage.sql.exec('DELETE FROM request_claims WHERE key = ? AND token = ?', key, token);
  }

  private claimsOf(key: string, now: number): number {
    const row = this.ctx.storage.sql
      .exec<{ n: number }>(
        'SELECT COUNT(*) AS n FROM request_claims WHERE key = ? AND expires >= ?',
        key,
        now,
      )
      .toArray()[0];
    return row?.n ?? 0;
  }

  /** Whether one more click fits every click cap given; counts it when it does and `count` is set. */
  admitClick(req: ClickRequest): CounterVerdict {
    return this.ctx.storage.transactionSync(() => {
      this.prune(Date.now());
      const slots = new Map<string, Slot>();
      for (const cap of req.caps) {
        if (cap.metric !== 'clicks') continue;
        const slot = this.slot(cap, req.at, req.timeZone);
        const used = this.used(slot.counter);
        if (used + 1n > BigInt(cap.limit)) return refusal(cap, used, slot);
        slots.set(slot.counter, slot);
      }
      if (req.count) for (const slot of slots.values()) this.add(slot, 1n);
      return { ok: true };
    });
  }

  /**
   * Counts what the period containing `at` already held when its caps were saved, exactly and
   * idempotently. A conversion adds to a cap's counter only if its reservation does not hold that
   * counter yet; the delta is appended to its reservation (or starts one), so seeding again or a
   * conversion reserved meanwhile never counts twice, and release gives back what the seed added.
   * Click counters hold no keys: each becomes the larger of its count and the seeded one. Never
   * refuses: a period already over a new limit stays over it, and the next conversion is refused.
   * Returns how many conversions it counted in at least one counter.
   */
  seed(req: SeedRequest): number {
    return this.ctx.storage.transactionSync(() => {
      this.prune(Date.now());
      const slots = req.caps.map((cap) => ({
        cap,
        slot: keptFromNow(this.slot(cap, req.at, req.timeZone)),
      }));
      for (const { cap, slot } of slots) {
        if (cap.metric !== 'clicks' || req.clicks === null) continue;
        const seeded = BigInt(req.clicks);
        const used = this.used(slot.counter);
        if (seeded > used) this.add(slot, seeded - used);
      }
      const counting = slots.filter(({ cap }) => cap.metric !== 'clicks');
      // The period is counted now, even if it holds nothing: a stale one no longer asks for a recount.
      for (const { slot } of counting) if (!this.exists(slot.counter)) this.add(slot, 0n);
      let counted = 0;
      for (const { key, payoutUnits } of counting.length === 0 ? [] : req.conversions) {
        if (req.readAt !== undefined && this.releasedSince(key, req.readAt - CLOCK_SKEW_MS))
          continue;
        const reservation = this.reservation(key);
        const moves = counting
          .map(({ cap, slot }) => ({
            slot,
            delta: cap.metric === 'conversions' ? 1n : BigInt(payoutUnits),
          }))
          .filter(({ slot, delta }) => delta !== 0n && !reservation.held.has(slot.counter));
        if (moves.length === 0) continue;
        this.count(key, reservation, moves);
        counted++;
      }
      return counted;
    });
  }

  // Whether the key was given back at or after `since` (and not reserved again: count clears it).
  private releasedSince(key: string, since: number): boolean {
    return (
      this.ctx.storage.sql
        .exec('SELECT 1 FROM released WHERE key = ? AND at >= ?', key, since)
        .toArray().length > 0
    );
  }

  /** The key's reservation: the counters it is counted in, and what it added to each. */
  private reservation(key: string): {
    deltas: [string, string][];
    held: Set<string>;
    keepUntil: number | null;
  } {
    const row = this.ctx.storage.sql
      .exec<{ deltas: string; keep_until: number | null }>(
        'SELECT deltas, keep_until FROM reservations WHERE key = ?',
        key,
      )
      .toArray()[0];
    const deltas = row ? (JSON.parse(row.deltas) as [string, string][]) : [];
    return {
      deltas,
      held: new Set(deltas.map(([counter]) => counter)),
      keepUntil: row ? row.keep_until : 0,
    };
  }

  /** Adds each move to its counter and to the key's reservation, so release gives back exactly that. */
  private count(
    key: string,
    reservation: { deltas: [string, string][]; keepUntil: number | null },
    moves: { slot: Slot; delta: bigint }[],
  ): void {
    let keepUntil = reservation.keepUntil;
    const deltas = [...reservation.deltas];
    this.ctx.storage.sql.exec('DELETE FROM released WHERE key = ?', key);
    for (const { slot, delta } of moves) {
      this.add(slot, delta);
      const at = deltas.findIndex(([counter]) => counter === slot.counter);
      if (at < 0) deltas.push([slot.counter, delta.toString()]);
      else deltas[at] = [slot.counter, (BigInt(deltas[at]![1]) + delta).toString()];
      keepUntil = later(keepUntil, slot.keepUntil);
    }
    this.ctx.storage.sql.exec(
      'INSERT INTO reservations (key, deltas, keep_until) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET deltas = excluded.deltas, keep_until = excluded.keep_until',
      key,
      JSON.stringify(deltas),
      keepUntil,
    );
  }

  /** Each cap's usage in the period containing `at`. */
  usage(req: AtRequest): CapUsage[] {
    return req.caps.map((cap) => {
      const slot = this.slot(cap, req.at, req.timeZone);
      return {
        capId: cap.id,
        used: this.used(slot.counter).toString(),
        periodKey: slot.periodKey,
        until: slot.until,
      };
    });
  }

  /** Forgets counters and reservations of periods over for longer than the grace. Returns how many rows went. */
  prune(now: number, force = false): number {
    if (!force && now - this.prunedAt < PRUNE_EVERY_MS) return 0;
    this.prunedAt = now;
    const sql = this.ctx.storage.sql;
    const counters = sql.exec(
      'DELETE FROM counters WHERE keep_until IS NOT NULL AND keep_until < ?',
      now,
    ).rowsWritten;
    const reservations = sql.exec(
      'DELETE FROM reservations WHERE keep_until IS NOT NULL AND keep_until < ?',
      now,
    ).rowsWritten;
    sql.exec('DELETE FROM request_claims WHERE expires < ?', now);
    sql.exec('DELETE FROM released WHERE at < ?', now - RELEASED_MS);
    if (this.ends.size > 1000) this.ends.clear();
    return counters + reservations;
  }

  private slot(cap: CounterCap, at: number, asked: string): Slot {
    const timeZone = this.zone ?? asked;
    const key = periodKey(cap.period, at, timeZone);
    const memo = `${cap.period}|${timeZone}|${key}`;
    let until = this.ends.get(memo);
    if (until === undefined) {
      until = periodEnd(cap.period, at, timeZone);
      this.ends.set(memo, until);
    }
    const now = Date.now();
    // A day or month is a different span in each zone: its counter names the zone it was counted in.
    const counter =
      cap.period === 'total'
        ? `${cap.scope}|${cap.metric}|total|total`
        : `${cap.scope}|${cap.metric}|${cap.period}|${timeZone}|${key}`;
    if (cap.period !== 'total')
      this.adoptUnzoned(counter, `${cap.scope}|${cap.metric}|${cap.period}|${key}`);
    return {
      counter,
      timeZone,
      periodKey: key,
      until,
      keepUntil: until === null ? null : until + GRACE_MS,
      stale: until !== null && until + GRACE_MS < now,
    };
  }

  /**
   * Counters were once named without their zone. The first time a zoned counter is asked for, an
   * unzoned one of the same period becomes it, with the reservations that hold it, so an upgrade
   * keeps the period's usage. Checked once per counter and object.
   */
  private adoptUnzoned(counter: string, unzoned: string): void {
    if (this.adopted.has(counter)) return;
    if (this.adopted.size > 10_000) this.adopted.clear();
    this.adopted.add(counter);
    const sql = this.ctx.storage.sql;
    if (this.exists(counter) || !this.exists(unzoned)) return;
    sql.exec('UPDATE counters SET counter = ? WHERE counter = ?', counter, unzoned);
    // Names are quoted in the deltas JSON, so the quotes make the match exact.
    sql.exec(
      'UPDATE reservations SET deltas = replace(deltas, ?, ?) WHERE instr(deltas, ?) > 0',
      JSON.stringify(unzoned),
      JSON.stringify(counter),
      JSON.stringify(unzoned),
    );
  }

  private exists(counter: string): boolean {
    return (
      this.ctx.storage.sql.exec('SELECT 1 FROM counters WHERE counter = ?', counter).toArray()
        .length > 0
    );
  }

  private used(counter: string): bigint {
    const row = this.ctx.storage.sql
      .exec<{ used: string }>('SELECT used FROM counters WHERE counter = ?', counter)
      .toArray()[0];
    return row ? BigInt(row.used) : 0n;
  }

  private subtract(counter: string, delta: bigint): void {
    const sql = this.ctx.storage.sql;
    const current = sql
      .exec<{ used: string }>('SELECT used FROM counters WHERE counter = ?', counter)
      .toArray()[0];
    if (!current) return;
    const left = BigInt(current.used) - delta;
    sql.exec(
      'UPDATE counters SET used = ? WHERE counter = ?',
      (left < 0n ? 0n : left).toString(),
      counter,
    );
  }

  private add(slot: Slot, delta: bigint): void {
    const next = (this.used(slot.counter) + delta).toString();
    this.ctx.storage.sql.exec(
      'INSERT INTO counters (counter, used, keep_until) VALUES (?, ?, ?) ON CONFLICT (counter) DO UPDATE SET used = excluded.used',
      slot.counter,
      next,
      slot.keepUntil,
    );
  }
}

// A stale period counted again (a recount for a late review) is kept a grace from now, not from its end.
function keptFromNow(slot: Slot): Slot {
  return slot.stale ? { ...slot, keepUntil: Date.now() + GRACE_MS } : slot;
}

// The cap a counter belongs to, without its period key: scope|metric|period|zone.
function capOf(counter: string): string {
  return counter.slice(0, counter.lastIndexOf('|'));
}

// The entry a reservation holds in the same cap as `counter` (any of its periods), if any.
function heldIn(deltas: [string, string][], counter: string): [string, string] | undefined {
  const cap = capOf(counter);
  return deltas.find(([c]) => capOf(c) === cap);
}

// The later of two keep-until times, null (kept for ever) winning.
function later(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

function refusal(
  cap: CounterCap,
  used: bigint,
  slot: Slot,
): Extract<CounterVerdict, { ok: false }> {
  return {
    ok: false,
    capId: cap.id,
    used: used.toString(),
    periodKey: slot.periodKey,
    timeZone: slot.timeZone,
    until: slot.until,
  };
}
