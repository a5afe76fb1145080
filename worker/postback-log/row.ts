import type { NewPostbackLogEntry } from '../../drizzle/schema.ts';
import { toMysqlDatetime } from '../db/time.ts';
import type { PostbackLogMessage } from '../queue/messages.ts';

const OUTCOMES = new Set(['created', 'duplicate', 'status_changed', 'queued', 'refused']);
const MAX_PARAMS_JSON = 16_000;

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : null;
const id = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

/**
 * The row a queued attempt becomes. Every value is bounded to its column, so one odd message can
 * never fail the batch's single INSERT and hold the whole batch in retries.
 */
export function logRowOf(body: unknown, fallbackAt: Date): NewPostbackLogEntry | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const m = body as Partial<Record<keyof PostbackLogMessage, unknown>>;
  const received = typeof m.receivedAt === 'string' ? new Date(m.receivedAt) : fallbackAt;
  const at =
    Number.isNaN(received.getTime()) ||
    received.getUTCFullYear() < 1970 ||
    received.getUTCFullYear() > 9998
      ? fallbackAt
      : received;
  const httpStatus =
    typeof m.httpStatus === 'number' &&
    Number.isInteger(m.httpStatus) &&
    m.httpStatus >= 0 &&
    m.httpStatus <= 999
      ? m.httpStatus
      : 0;
  const params =
    typeof m.params === 'string' && m.params.length <= MAX_PARAMS_JSON && isJsonObject(m.params)
      ? m.params
      : '{}';
  return {
    receivedAt: toMysqlDatetime(at),
    outcome: typeof m.outcome === 'string' && OUTCOMES.has(m.outcome) ? m.outcome : 'refused',
    httpStatus,
    reason: text(m.reason, 40),
    message: text(m.message, 300),
    credentialKind: text(m.credentialKind, 16) ?? 'none',
    preset: text(m.preset, 16),
    clickId: text(m.clickId, 100),
    advertiserId: id(m.advertiserId),
    campaignId: id(m.campaignId),
    affiliateId: id(m.affiliateId),
    conversionId: id(m.conversionId),
    params,
  };
}

function isJsonObject(json: string): boolean {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
