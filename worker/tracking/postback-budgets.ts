import { ApiError } from '../errors.ts';
import { allowed } from '../middleware/rate-limit.ts';
import type { SenderKind } from './postback-sender.ts';

// Period of the POSTBACK_DUPLICATE_LIMITER and AFFILIATE_REPORT_LIMITER bindings in wrangler.toml.
export const POSTBACK_BUDGET_PERIOD_SECONDS = 60;

/**
 * What one valid credential may make us do: answer repeats of one conversion (each is a log row),
 * and, for an affiliate, add pending reports to the review queue. Counted by Cloudflare's rate
 * limiting bindings, so the budgets cost no database work.
 */
export interface PostbackBudgets {
  duplicates: RateLimit;
  affiliateReports: RateLimit;
}

// Who sent it, as narrowly as the credential names it: the admin, one advertiser, one affiliate.
export function senderKey(sender: SenderKind, advertiserId: number, affiliateId: number): string {
  if (sender === 'affiliate') return `affiliate:${affiliateId}`;
  return sender === 'advertiser' ? `advertiser:${advertiserId}` : 'admin';
}

/** Spends one repeat of a stored conversion; past the budget the repeat is refused with 429. */
export async function spendDuplicate(
  budgets: PostbackBudgets | undefined,
  sender: string,
  conversionId: number,
): Promise<void> {
  if (!budgets || (await allowed(budgets.duplicates, `${sender}:${conversionId}`))) return;
  throw new ApiError(
    'too_many_duplicates',
    `Too many duplicate postbacks for conversion ${conversionId}, which is already recorded: stop resending a postback that was answered 200 (retry in ${POSTBACK_BUDGET_PERIOD_SECONDS} seconds)`,
    { reason: 'too_many_duplicates', headers: retryAfter() },
  );
}

/** Spends one of an affiliate's own reports; past the budget the report is refused with 429 and not stored. */
export async function spendAffiliateReport(
  budgets: PostbackBudgets | undefined,
  affiliateId: number,
): Promise<void> {
  if (!budgets || (await allowed(budgets.affiliateReports, `affiliate:${affiliateId}`))) return;
  throw new ApiError(
    'too_many_reports',
    `Affiliate ${affiliateId} reported more conversions than its postback secret may in ${POSTBACK_BUDGET_PERIOD_SECONDS} seconds; nothing was stored: retry in ${POSTBACK_BUDGET_PERIOD_SECONDS} seconds`,
    { reason: 'too_many_reports', headers: retryAfter() },
  );
}

const retryAfter = () => ({ 'Retry-After': String(POSTBACK_BUDGET_PERIOD_SECONDS) });
