import { createModel } from '@preact/signals';
import type { Cap, CapInput, CapMetric, CapPeriod, Caps, ConsoleApi } from '../api.ts';
import { createEditableList } from '../editor/editable-list.ts';
import { plainDecimal } from '../format.ts';

/** A cap as typed; `usage` is the saved cap's count for the current period, shown while the row is unchanged. */
export interface CapDraft {
  key: number;
  metric: CapMetric;
  period: CapPeriod;
  limit: string;
  affiliate: string;
  usage: Cap | null;
}

export type CapFields = Omit<CapDraft, 'key'>;
type Editable = Exclude<keyof CapFields, 'usage'>;

export const metricLabels: Record<CapMetric, string> = {
  conversions: 'Conversions',
  payout: 'Payout budget',
  clicks: 'Clicks',
};
export const periodLabels: Record<CapPeriod, string> = {
  day: 'Per day',
  month: 'Per month',
  total: 'In total',
};

export function fieldsOfCap(cap: Cap): CapFields {
  return {
    metric: cap.metric,
    period: cap.period,
    limit: plainDecimal(String(cap.limit)),
    affiliate: cap.affiliate_id === null ? '' : String(cap.affiliate_id),
    usage: cap,
  };
}

export function inputOfCap(cap: CapFields): CapInput {
  return {
    metric: cap.metric,
    period: cap.period,
    limit: cap.limit.trim(),
    ...(cap.affiliate ? { affiliate_id: Number(cap.affiliate) } : {}),
  };
}

export interface Usage {
  used: number;
  limit: number;
  remaining: number;
  /** 0..1 of the limit, for the bar. */
  ratio: number;
  full: boolean;
}

/** Where the saved cap stands, or null once the row no longer says what was saved. */
export function usageOf(row: CapFields): Usage | null {
  const cap = row.usage;
  if (!cap) return null;
  const saved = fieldsOfCap(cap);
  if (
    saved.metric !== row.metric ||
    saved.period !== row.period ||
    saved.affiliate !== row.affiliate ||
    Number(saved.limit) !== Number(row.limit)
  )
    return null;
  const used = Number(cap.used);
  const limit = Number(cap.limit);
  const remaining = Number(cap.remaining);
  return {
    used,
    limit,
    remaining,
    ratio: limit > 0 ? Math.min(1, used / limit) : 1,
    full: remaining <= 0,
  };
}

export const blankCap: CapFields = {
  metric: 'conversions',
  period: 'day',
  limit: '',
  affiliate: '',
  usage: null,
};

/** A campaign's caps with their usage in the current period; saved as a whole set. */
export const CapsModel = createModel(
  (
    api: Pick<ConsoleApi, 'caps' | 'saveCaps'>,
    campaignId: number,
    fail: (err: unknown) => string,
  ) => {
    const list = createEditableList<Caps, CapDraft>({
      fetch: () => api.caps(campaignId),
      store: (rows) => api.saveCaps(campaignId, rows.map(inputOfCap)),
      rowsOf: (answer) => answer.caps.map(fieldsOfCap),
      fail,
    });
    return {
      list,
      load: () => list.load(),
      add: () => list.add({ ...blankCap }),
      set: <K extends Editable>(key: number, field: K, value: CapFields[K]) =>
        list.update(key, (r) => ({ ...r, [field]: value })),
      save: () =>
        list.save(
          (answer) =>
            `Saved ${answer.caps.length} cap${answer.caps.length === 1 ? '' : 's'}. Usage so far is kept.`,
        ),
    };
  },
);

export type CapsEditor = InstanceType<typeof CapsModel>;
