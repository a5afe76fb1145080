import { redact } from '../lib/log.ts';
import type { PostbackLogMessage } from '../queue/messages.ts';

// Never stored: the credential, in any spelling a sender or a vendor preset uses for it.
// `secure` and `verification_token` are vendors' own names for a shared secret (see the presets).
const SECRET_PARAMS =
  /^(token|signature|secret|key|api_key|apikey|password|secure|verification_token)$/i;
const MAX_PARAMS = 40;
const MAX_VALUE = 200;

/** The parameters as sent, with secrets replaced and sizes bounded, as the JSON the log stores. */
export function redactedParams(fields: Record<string, unknown>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields).slice(0, MAX_PARAMS)) {
    const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
    // A credential under another name (auth=apt_…) is still a credential: values are redacted by shape too.
    out[key.slice(0, 64)] = SECRET_PARAMS.test(key)
      ? '[redacted]'
      : redact(text.slice(0, MAX_VALUE));
  }
  return JSON.stringify(out);
}

export interface LogSink {
  send(message: PostbackLogMessage): Promise<unknown>;
}

// Refused attempts each worker instance records per window; the rest are counted into one summary entry.
export const REFUSED_PER_WINDOW = 60;
export const REFUSED_WINDOW_MS = 10_000;
// Summaries are kept per advertiser (its log shows its own flood); beyond this many, the rest share one.
const SUMMARY_GROUPS = 16;

interface Skipped {
  count: number;
  httpStatus: number;
  first: string;
  last: string;
}

// Refusals of a sender over its budget: one entry per sender and conversion per window says so, the rest are counted.
const OVER_BUDGET = new Set(['too_many_duplicates', 'too_many_reports']);

/**
 * A flood of refused postbacks (bad tokens, unknown clicks) costs bounded work: per window each
 * worker instance queues at most `limit` refused entries and counts the rest, then writes one
 * summary entry per advertiser saying how many were not recorded. A sender over its budget gets
 * one entry per window. Accepted attempts are never held back. The window rolls on the next
 * attempt after it ends, when the summaries are queued.
 */
export class RefusedBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private readonly skipped = new Map<number | null, Skipped>();
  private readonly overBudget = new Set<string>();

  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    limit = REFUSED_PER_WINDOW,
    windowMs = REFUSED_WINDOW_MS,
    now: () => number = Date.now,
  ) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** The summary entries of a window that has ended (none while it lasts); a new window starts. */
  roll(): PostbackLogMessage[] {
    const t = this.now();
    if (t - this.windowStart < this.windowMs) return [];
    const summaries = [...this.skipped].map(([advertiserId, s]) =>
      this.summary(advertiserId, s, new Date(t).toISOString()),
    );
    this.skipped.clear();
    this.overBudget.clear();
    this.logged = 0;
    this.windowStart = t;
    return summaries;
  }

  /** Whether this refused attempt is recorded; if not, it is counted for the summary. */
  admit(message: PostbackLogMessage): boolean {
    if (message.reason && OVER_BUDGET.has(message.reason)) {
      const key = `${message.reason}:${message.affiliateId}:${message.advertiserId}:${message.conversionId}`;
      if (!this.overBudget.has(key) && this.overBudget.size < this.limit) {
        this.overBudget.add(key);
        return true;
      }
      return this.skip(message);
    }
    if (this.logged < this.limit) {
      this.logged++;
      return true;
    }
    return this.skip(message);
  }

  private skip(message: PostbackLogMessage): false {
    const group =
      this.skipped.has(message.advertiserId) || this.skipped.size < SUMMARY_GROUPS
        ? message.advertiserId
        : null;
    const s = this.skipped.get(group);
    if (s) {
      s.count++;
      s.httpStatus = message.httpStatus;
      s.last = message.receivedAt;
    } else {
      this.skipped.set(group, {
        count: 1,
        httpStatus: message.httpStatus,
        first: message.receivedAt,
        last: message.receivedAt,
      });
    }
    return false;
  }

  private summary(advertiserId: number | null, s: Skipped, at: string): PostbackLogMessage {
    return {
      receivedAt: at,
      outcome: 'refused',
      httpStatus: s.httpStatus,
      reason: 'refused',
      message: `${s.count} more refused postbacks not recorded (from ${s.first} to ${s.last}; at most ${this.limit} refused per ${this.windowMs / 1000} s are recorded one by one)`,
      credentialKind: 'none',
      preset: null,
      clickId: null,
      advertiserId,
      campaignId: null,
      affiliateId: null,
      conversionId: null,
      params: '{}',
    };
  }
}

// This worker instance's budget: isolates are many, so a flood costs at most this much per instance.
const isolateBudget = new RefusedBudget();

/** Hands the attempt to the flight-recorder queue; the postback's answer never waits for it. */
export function logPostbackAttempt(
  queue: LogSink,
  waitUntil: (p: Promise<unknown>) => void,
  message: PostbackLogMessage,
  budget: RefusedBudget = isolateBudget,
): void {
  const send = (m: PostbackLogMessage) => waitUntil(queue.send(m).catch(() => undefined));
  for (const summary of budget.roll()) send(summary);
  if (message.outcome !== 'refused' || budget.admit(message)) send(message);
}
