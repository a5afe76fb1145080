import type { Database } from '../db/client.ts';
import { countVisitorConversions } from '../db/queries/conversions.ts';
import type { ClickVisit } from '../lib/click-id.ts';

// Reasons a conversion is held as pending for review (shared reason codes). Held, not rejected: some are real.
export const HOLD_REASONS = ['suspicious_click', 'ctit_too_short', 'duplicate_visitor'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

// The third conversion of one event from one visitor on one campaign in a day is held, and every one after it.
export const DUPLICATE_VISITOR_NTH = 3;

export function isHoldReason(reason: string | null): reason is HoldReason {
  return (HOLD_REASONS as readonly string[]).includes(reason ?? '');
}

// Seconds from click to conversion (click-to-install time), never negative.
export function ctitSeconds(clickedAt: Date, convertedAt: Date): number {
  return Math.max(0, Math.floor((convertedAt.getTime() - clickedAt.getTime()) / 1000));
}

interface HoldFacts {
  campaignId: number;
  minCtitSeconds: number | null | undefined;
  visit: ClickVisit | undefined;
  ctitSeconds: number;
  event: string;
  convertedAt: string;
}

// Why a new conversion must wait for review, or null. The strongest reason wins.
export async function holdReason(db: Database, f: HoldFacts): Promise<HoldReason | null> {
  // An unscored click is one the edge did not record (a crawler or HEAD request): no visitor converts on it.
  if (f.visit && f.visit.suspicious !== false) return 'suspicious_click';
  if (f.minCtitSeconds && f.ctitSeconds < f.minCtitSeconds) return 'ctit_too_short';
  const visitor = f.visit?.ipHash;
  if (visitor) {
    const earlier = await countVisitorConversions(db, {
      campaignId: f.campaignId,
      ipHash: visitor,
      event: f.event,
      day: f.convertedAt.slice(0, 10),
    });
    if (earlier >= DUPLICATE_VISITOR_NTH - 1) return 'duplicate_visitor';
  }
  return null;
}
