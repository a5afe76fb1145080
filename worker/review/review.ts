import type { Conversion } from '../../drizzle/schema.ts';
import { findConversion } from '../db/queries/conversions.ts';
import { findConversionsByIds } from '../db/queries/review.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { affiliateConfig, type ConfigSource } from '../config/read-model.ts';
import type { ReasonCode } from '../money/reasons.ts';
import type { Principal } from '../app-env.ts';
import {
  ChangeBatch,
  changeStatus,
  confirmStatus,
  type StatusChangeDeps,
} from './change-status.ts';

// Who may review conversions: the network, or an advertiser on its own campaigns.
export type Reviewer = Extract<Principal, { role: 'admin' } | { role: 'advertiser' }>;

export type ReviewDeps = StatusChangeDeps & { config: ConfigSource };

export interface ReviewDecision {
  status: 'approved' | 'pending' | 'rejected';
  reason: ReasonCode;
  note: string | null;
}

export type ReviewResult = {
  result: 'updated' | 'confirmed' | 'unchanged';
  conversion: Conversion;
};

// Another review moving the same conversion at the same moment: re-read and decide again, a few times at most.
const RACE_ATTEMPTS = 3;

/**
 * Sets a conversion's status on review. The network's review of the status a conversion already
 * has is "confirmed": recorded with its note, and binding like any other network decision. An
 * advertiser's is "unchanged" (nothing written). An advertiser never overrides the network: a
 * status the admin decided is refused (403).
 */
export async function reviewConversion(
  deps: ReviewDeps,
  reviewer: Reviewer,
  existing: Conversion,
  decision: ReviewDecision,
  opts: { batch?: ChangeBatch; notify?: Map<number, boolean> } = {},
): Promise<ReviewResult> {
  let current = existing;
  for (let attempt = 0; attempt < RACE_ATTEMPTS; attempt++) {
    const at = toMysqlDatetime(new Date());
    if (current.status === decision.status) {
      if (reviewer.role !== 'admin') return { result: 'unchanged', conversion: current };
      const confirmed = await confirmStatus(deps, current, {
        reason: decision.reason,
        note: decision.note,
        by: 'admin',
        at,
        batch: opts.batch,
      });
      if (confirmed) return { result: 'confirmed', conversion: confirmed };
      current = await reread(deps, current.id);
      continue;
    }
    assertMayChange(reviewer, current);
    const moved = await changeStatus(deps, current, {
      to: decision.status,
      reason: decision.reason,
      note: decision.note,
      by: reviewer.role,
      at,
      notify: await affiliateListens(deps.config, current.affiliateId, opts.notify),
      batch: opts.batch,
    });
    if (moved) return { result: 'updated', conversion: moved };
    current = await reread(deps, current.id);
  }
  throw new ApiError(
    'conflict',
    `Conversion ${existing.id} is being changed by someone else right now; read it again and retry`,
  );
}

async function reread(deps: ReviewDeps, id: number): Promise<Conversion> {
  const found = await findConversion(deps.db, id);
  if (!found) throw new ApiError('not_found', `Conversion ${id} not found`);
  return found;
}

function assertMayChange(reviewer: Reviewer, conversion: Conversion): void {
  if (reviewer.role === 'advertiser' && conversion.statusSetBy === 'admin') {
    throw new ApiError(
      'forbidden',
      `Conversion ${conversion.id} is ${conversion.status} by the network's decision (admin); only the network can change it now. Contact the network with its id.`,
      { reason: 'status_locked' },
    );
  }
}

// Whether the affiliate has an outgoing postback URL to tell; asked once per affiliate in a bulk review.
async function affiliateListens(
  config: ConfigSource,
  affiliateId: number,
  seen?: Map<number, boolean>,
): Promise<boolean> {
  const known = seen?.get(affiliateId);
  if (known !== undefined) return known;
  const listens = Boolean((await affiliateConfig(config, affiliateId))?.outgoingPostbackUrl);
  seen?.set(affiliateId, listens);
  return listens;
}

export interface BulkReviewResult {
  updated: number[];
  // The network's review of the status a conversion already had, recorded.
  confirmed: number[];
  unchanged: number[];
  not_found: number[];
  // Conversions this reviewer may not change (decided by the network) or that a cap keeps rejected.
  refused: { id: number; reason: string | null; message: string }[];
}

/**
 * Reviews up to 500 conversions: read in one query (narrowed to the advertiser's campaigns), then
 * changed one by one, each reported. History, rollups and notifications are written once at the
 * end (ChangeBatch), also when a failure stops the run part way: what was changed stays changed,
 * with its history, counted and announced.
 */
export async function reviewMany(
  deps: ReviewDeps,
  reviewer: Reviewer,
  ids: number[],
  scope: number[] | undefined,
  decision: ReviewDecision,
  onChanged: (conversion: Conversion) => void = () => undefined,
): Promise<BulkReviewResult> {
  const found = new Map((await findConversionsByIds(deps.db, ids, scope)).map((c) => [c.id, c]));
  const out: BulkReviewResult = {
    updated: [],
    confirmed: [],
    unchanged: [],
    not_found: [],
    refused: [],
  };
  const batch = new ChangeBatch();
  const notify = new Map<number, boolean>();
  try {
    for (const id of ids) {
      const conversion = found.get(id);
      if (!conversion) {
        out.not_found.push(id);
        continue;
      }
      try {
        const { result, conversion: after } = await reviewConversion(
          deps,
          reviewer,
          conversion,
          decision,
          { batch, notify },
        );
        out[result].push(id);
        if (result === 'updated') onChanged(after);
      } catch (err) {
        if (
          !(err instanceof ApiError) ||
          (err.code !== 'forbidden' && err.code !== 'conflict' && err.code !== 'not_found')
        )
          throw err;
        if (err.code === 'not_found') out.not_found.push(id);
        else out.refused.push({ id, reason: err.reason ?? null, message: err.message });
      }
    }
  } finally {
    await batch.flush(deps);
  }
  return out;
}
