import type { Conversion } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { changeConversionStatus, recountConversionRollup } from '../db/queries/conversions.ts';
import { appendHistory } from '../db/queries/history.ts';
import type { CredentialKind, ReasonCode } from '../money/reasons.ts';
import type { AffiliatePostbackMessage } from '../queue/messages.ts';

export interface StatusChangeDeps {
  db: Database;
  affiliatePostbacks: Queue<AffiliatePostbackMessage>;
}

export interface StatusChange {
  to: 'approved' | 'pending' | 'rejected';
  reason: ReasonCode | null;
  note?: string | null;
  by: CredentialKind;
  at: string;
  // The affiliate's outgoing postback URL template: a change is announced only when it has one.
  notify: boolean;
}

/**
 * The one way a stored conversion changes status (postback replays and review alike): only if
 * nobody moved it first, with its history appended, its rollup cells recounted and the affiliate
 * told. Returns the moved conversion, or undefined when another change won the race.
 */
export async function changeStatus(deps: StatusChangeDeps, existing: Conversion, change: StatusChange): Promise<Conversion | undefined> {
  const moved = await changeConversionStatus(deps.db, existing.id, existing.status, change.to, change.at, {
    reason: change.reason,
    statusSetBy: change.by,
  });
  if (!moved) return undefined;
  const conversion: Conversion = { ...existing, status: change.to, reason: change.reason, statusSetBy: change.by, updatedAt: change.at };
  await appendHistory(deps.db, {
    conversionId: existing.id,
    fromStatus: existing.status,
    toStatus: change.to,
    reason: change.reason,
    note: change.note ?? null,
    credentialKind: change.by,
    at: change.at,
  });
  await recountConversionRollup(deps.db, rollupCellOf(existing));
  await recountConversionRollup(deps.db, rollupCellOf(conversion));
  if (change.notify) await deps.affiliatePostbacks.send({ conversionId: conversion.id, status: conversion.status });
  return conversion;
}

export function rollupCellOf(c: Pick<Conversion, 'affiliateId' | 'campaignId' | 'timestamp' | 'currency' | 'status'>) {
  return { affiliateId: c.affiliateId, campaignId: c.campaignId, day: c.timestamp.slice(0, 10), currency: c.currency, status: c.status };
}
