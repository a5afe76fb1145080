import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';
import { dayField } from '../schemas/fields.ts';

export const rangeQuery = z.object({
  from: dayField('from').optional(),
  to: dayField('to').optional(),
});

export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;

export interface DayRange {
  fromDay: string;
  toDay: string;
  days: string[];
}

// Inclusive UTC days; the default is the last 30 days including today.
export function resolveRange(
  q: { from?: string | undefined; to?: string | undefined },
  today = new Date(),
): DayRange {
  const toDay = q.to ?? today.toISOString().slice(0, 10);
  const fromDay =
    q.from ?? new Date(Date.parse(`${toDay}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  const span = (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY_MS;
  if (span < 0)
    throw new ApiError('bad_request', 'from must be on or before to', {
      issues: [{ path: 'from', message: 'from must be on or before to' }],
    });
  if (span >= MAX_RANGE_DAYS)
    throw new ApiError('bad_request', `The range from..to must be at most ${MAX_RANGE_DAYS} days`, {
      issues: [{ path: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }],
    });
  const days: string[] = [];
  for (
    let t = Date.parse(`${fromDay}T00:00:00Z`);
    t <= Date.parse(`${toDay}T00:00:00Z`);
    t += DAY_MS
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return { fromDay, toDay, days };
}

export function rangeBounds(r: DayRange): { from: string; to: string } {
  const next = new Date(Date.parse(`${r.toDay}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return { from: `${r.fromDay} 00:00:00.000`, to: `${next} 00:00:00.000` };
}
