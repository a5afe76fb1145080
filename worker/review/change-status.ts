import type { Conversion } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import {
  changeConversionStatus,
  confirmConversionStatus,
  recountConversionRollup,
  restateConversion,
  type RollupCell,
} from '../db/queries/conversions.ts';
import { appendHistories, appendHistory, type HistoryEntry } from '../db/queries/history.ts';
import { ApiError } from '../errors.ts';
import { campaignConfig, type CampaignConfig, type ConfigSource } from '../config/read-model.ts';
import { capReservationOf, countsTowardCaps, takesCapPlace } from '../money/cap-key.ts';
import { settleCaps } from '../money/cap-settle.ts';
import { hasConversionCaps, type CapCounterClient } from '../money/caps.ts';
import type { CredentialKind, ReasonCode } from '../money/reasons.ts';
import type { OutgoingPostbackMessage } from '../queue/messages.ts';
import { reportStatusOf } from '../reports/report-status.ts';

export interface StatusChangeDeps {
  db: Database;
  outgoingPostbacks: Queue<OutgoingPostbackMessage>;
  // The exact cap counters, with the config source their campaign settings are read from; without
  // them a status change leaves the counters alone.
  caps?: CapCounterClient | undefined;
  config?: ConfigSource | undefined;
}

export interface StatusChange {
  to: 'approved' | 'pending' | 'rejected';
  reason: ReasonCode | null;
  note?: string | null;
  by: CredentialKind;
  at: string;
  // The affiliate's outgoing postback URL template: a change is announced only when it has one.
  notify: boolean;
  // A bulk change collects its follow-up writes here and makes them once at the end.
  batch?: ChangeBatch | undefined;
}

// A queue takes at most 100 messages per sendBatch.
const QUEUE_BATCH = 100;

/**
 * The writes that follow many status changes, made once at the end instead of once per
 * conversion: one INSERT for all history entries, one recount per distinct rollup cell (a bulk
 * review touches few), and the affiliates' notifications in batches. A bulk review of 500 then
 * costs about 500 status updates plus a handful of queries, within a request's subrequest budget.
 */
export class ChangeBatch {
  private readonly history: HistoryEntry[] = [];
  private readonly cells = new Map<string, RollupCell>();
  private readonly notices: OutgoingPostbackMessage[] = [];

  add(entry: HistoryEntry, cells: RollupCell[], notice: OutgoingPostbackMessage | undefined): void {
    this.history.push(entry);
    for (const cell of cells) this.cells.set(JSON.stringify(cell), cell);
    if (notice) this.notices.push(notice);
  }

  // History first: a stored change always gets its entry, even if a later write fails.
  async flush(deps: StatusChangeDeps): Promise<void> {
    const history = this.history.splice(0);
    const cells = [...this.cells.values()];
    const notices = this.notices.splice(0);
    this.cells.clear();
    await appendHistories(deps.db, history);
    for (const cell of cells) await recountConversionRollup(deps.db, cell);
    for (let i = 0; i < notices.length; i += QUEUE_BATCH) {
      await deps.outgoingPostbacks.sendBatch(
        notices.slice(i, i + QUEUE_BATCH).map((body) => ({ body })),
      );
    }
  }
}

/**
 * The one way a stored conversion changes status (postback replays and review alike): only if
 * nobody moved it first, with its history appended, its rollup cells recounted, its caps counted
 * or released and the affiliate told. Returns the moved conversion, or undefined when another
 * change won the race. A change that would take a conversion over a full cap is refused (409,
 * reason cap_reached) and changes nothing.
 */
export async function changeStatus(
  deps: StatusChangeDeps,
  existing: Conversion,
  change: StatusChange,
): Promise<Conversion | undefined> {
  const capped = await cappedCampaign(deps, existing);
  const claim = capped === undefined ? null : await reserveIfCounting(capped, existing, change.to);
  let moved: boolean;
  try {
    moved = await changeConversionStatus(
      deps.db,
      existing.id,
      existing.status,
      change.to,
      change.at,
      {
        reason: change.reason,
        statusSetBy: change.by,
      },
    );
  } catch (err) {
    // Maybe written after all: settled from what is stored, so a write that failed keeps no place.
    if (capped && claim !== null)
      await settleCaps(deps.db, capped.counter, capped.campaign, existing, claim);
    throw err;
  }
  // The counter follows what is stored now (this change, or the one that won the race).
  if (
    capped &&
    (claim !== null || (moved && takesCapPlace(existing) && !countsTowardCaps(change.to)))
  )
    await settleCaps(deps.db, capped.counter, capped.campaign, existing, claim);
  if (!moved) return undefined;
  const conversion: Conversion = {
    ...existing,
    status: change.to,
    reason: change.reason,
    statusSetBy: change.by,
    updatedAt: change.at,
  };
  const entry: HistoryEntry = {
    conversionId: existing.id,
    fromStatus: existing.status,
    toStatus: change.to,
    reason: change.reason,
    note: change.note ?? null,
    credentialKind: change.by,
    at: change.at,
  };
  const notice = change.notify
    ? { conversionId: conversion.id, status: conversion.status }
    : undefined;
  if (change.batch) {
    change.batch.add(entry, [rollupCellOf(existing), rollupCellOf(conversion)], notice);
    return conversion;
  }
  await recordChange(deps, existing, conversion, entry, notice);
  return conversion;
}

/**
 * Records a decision that keeps the status a conversion has (the network confirming a rejection):
 * a history entry with its note, and the reason and decider on the row, so a weaker credential can
 * no longer change it. Status, rollups, caps and the affiliate are untouched. Returns undefined
 * when another change won the race.
 */
export async function confirmStatus(
  deps: StatusChangeDeps,
  existing: Conversion,
  change: Omit<StatusChange, 'to' | 'notify'>,
): Promise<Conversion | undefined> {
  const decided = existing.reason !== change.reason || existing.statusSetBy !== change.by;
  if (
    decided &&
    !(await confirmConversionStatus(deps.db, existing, change.at, {
      reason: change.reason,
      statusSetBy: change.by,
    }))
  )
    return undefined;
  const entry: HistoryEntry = {
    conversionId: existing.id,
    fromStatus: existing.status,
    toStatus: existing.status,
    reason: change.reason,
    note: change.note ?? null,
    credentialKind: change.by,
    at: change.at,
  };
  const conversion = decided
    ? { ...existing, reason: change.reason, statusSetBy: change.by, updatedAt: change.at }
    : existing;
  // An affiliate's report the network confirms as pending now counts as pending, no longer apart.
  const cells =
    reportStatusOf(existing) === reportStatusOf(conversion)
      ? []
      : [rollupCellOf(existing), rollupCellOf(conversion)];
  if (change.batch) change.batch.add(entry, cells, undefined);
  else {
    await appendHistory(deps.db, entry);
    for (const cell of cells) await recountConversionRollup(deps.db, cell);
  }
  return conversion;
}

/**
 * Replaces a conversion the affiliate reported with the advertiser's (or the network's) report of
 * the same (click, event, txid): amount, currency, payout and decision, only if nobody decided it
 * since. Caps were reserved by the postback that brings the report.
 */
export async function restateReport(
  deps: StatusChangeDeps,
  existing: Conversion,
  report: Pick<
    Conversion,
    | 'amount'
    | 'currency'
    | 'payout'
    | 'payoutRuleId'
    | 'status'
    | 'reason'
    | 'statusSetBy'
    | 'updatedAt'
  >,
  notify: boolean,
): Promise<Conversion | undefined> {
  const conversion: Conversion = { ...existing, ...report };
  if (!(await restateConversion(deps.db, existing, conversion))) return undefined;
  const entry: HistoryEntry = {
    conversionId: existing.id,
    fromStatus: existing.status,
    toStatus: conversion.status,
    reason: conversion.reason,
    note: `restated by the ${conversion.statusSetBy}: amount ${existing.amount} ${existing.currency} to ${conversion.amount} ${conversion.currency}`,
    credentialKind: conversion.statusSetBy,
    at: conversion.updatedAt,
  };
  await recordChange(
    deps,
    existing,
    conversion,
    entry,
    notify ? { conversionId: conversion.id, status: conversion.status } : undefined,
  );
  return conversion;
}

// What follows every stored change: its history, both rollup cells, and the affiliate's notice.
async function recordChange(
  deps: StatusChangeDeps,
  before: Conversion,
  after: Conversion,
  entry: HistoryEntry,
  notice: OutgoingPostbackMessage | undefined,
): Promise<void> {
  await appendHistory(deps.db, entry);
  await recountConversionRollup(deps.db, rollupCellOf(before));
  await recountConversionRollup(deps.db, rollupCellOf(after));
  if (notice) await deps.outgoingPostbacks.send(notice);
}

export function rollupCellOf(
  c: Pick<
    Conversion,
    'affiliateId' | 'campaignId' | 'timestamp' | 'currency' | 'status' | 'statusSetBy'
  >,
): RollupCell {
  return {
    affiliateId: c.affiliateId,
    campaignId: c.campaignId,
    day: c.timestamp.slice(0, 10),
    currency: c.currency,
    status: reportStatusOf(c),
  };
}

interface CappedCampaign {
  counter: CapCounterClient;
  campaign: CampaignConfig;
}

// The counters to keep in step, when there are any: a campaign without conversion caps costs no call.
async function cappedCampaign(
  deps: StatusChangeDeps,
  conversion: Conversion,
): Promise<CappedCampaign | undefined> {
  if (!deps.caps) return undefined;
  if (!deps.config)
    throw new Error(
      'changeStatus: caps given without the config source their campaigns are read from',
    );
  const campaign = await campaignConfig(deps.config, conversion.campaignId);
  return campaign && hasConversionCaps(campaign) ? { counter: deps.caps, campaign } : undefined;
}

/**
 * Counts the conversion before it becomes approved (or leaves rejected), so a full cap refuses the
 * change instead of being overshot. A reservation is keyed by the conversion, so one that already
 * counts (pending, then approved) counts once in each cap.
 */
async function reserveIfCounting(
  capped: CappedCampaign,
  existing: Conversion,
  to: string,
): Promise<string | null> {
  if (!countsTowardCaps(to) || (to !== 'approved' && countsTowardCaps(existing.status)))
    return null;
  // At the conversion's own time, and in every cap that applies now, caps saved since it was recorded included.
  const verdict = await capped.counter.reserve(capped.campaign, capReservationOf(existing), {
    everyCap: true,
  });
  if (!verdict.ok) {
    throw new ApiError(
      'conflict',
      `Conversion ${existing.id} cannot be ${to}: ${verdict.message}. Raise the cap or reject another conversion first.`,
      {
        reason: 'cap_reached',
      },
    );
  }
  // Settled after the write, by what is then stored: a lost race gives the place back only if the
  // winner's row takes none.
  return verdict.claim;
}
