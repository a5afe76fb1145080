import { action, batch, computed, createModel, signal } from '@preact/signals';
import type { Query } from '../../api/client.ts';
import { asFailure, describeFailure } from '../../api/failure.ts';
import {
  conversionFiltersFrom,
  conversionFiltersQuery,
  conversionUrlKeys,
  noConversionFilters,
  type ConversionFilters,
} from '../conversions/conversion-filters.ts';
import { createCursorList } from '../lists/cursor-list.ts';
import type {
  HistoryEntry,
  ConsoleApi,
  NetworkConversion,
  ReviewResult,
  ReviewStatus,
} from '../api.ts';

export const PERIODS = { '7d': 7, '30d': 30, '90d': 90, '400d': 400 } as const;
export type Period = keyof typeof PERIODS;

export interface ReviewFilters extends ConversionFilters {
  /** '' lists every status. */
  status: ReviewStatus | '';
  period: Period;
}

// The queue: everything still pending, as far back as the API reads (400 days).
export const defaultReviewFilters: ReviewFilters = {
  status: 'pending',
  period: '400d',
  ...noConversionFilters,
};

const URL_KEYS = { status: 'status', period: 'period' } as const;

/** The filters a link or a reload asks for; anything unusable falls back to the queue's defaults. */
export function reviewFiltersFrom(query: Readonly<Record<string, string>>): ReviewFilters {
  const f: ReviewFilters = { ...defaultReviewFilters, ...conversionFiltersFrom(query) };
  const status = query[URL_KEYS.status];
  if (status === 'any') f.status = '';
  else if (status === 'pending' || status === 'approved' || status === 'rejected')
    f.status = status;
  if (query.period && Object.hasOwn(PERIODS, query.period)) f.period = query.period as Period;
  return f;
}

/** What the URL keeps of the filters (undefined removes a key): only what differs from the defaults. */
export function reviewFiltersQuery(f: ReviewFilters): Record<string, string | undefined> {
  const d = defaultReviewFilters;
  return {
    [URL_KEYS.status]: f.status === d.status ? undefined : f.status || 'any',
    [URL_KEYS.period]: f.period === d.period ? undefined : f.period,
    ...conversionFiltersQuery(f),
  };
}

export const reviewUrlKeys = [...Object.values(URL_KEYS), ...Object.values(conversionUrlKeys)];

const DAY_MS = 86_400_000;

/** The API query for the filters, the period ending today (UTC). */
export function conversionsQuery(f: ReviewFilters, today: string): Query {
  const to = today;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (PERIODS[f.period] - 1) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return { status: f.status || undefined, ...conversionFiltersQuery(f), from, to };
}

export interface HistoryView {
  entries: HistoryEntry[] | null;
  error: string | null;
}

export interface ReviewOutcome extends ReviewResult {
  status: ReviewStatus;
}

export const REVIEW_PAGE_SIZE = 50;

/** An affiliate's own report nobody has decided yet: its amount is the affiliate's word, in no total. */
export function isUnverifiedReport(
  c: Pick<NetworkConversion, 'status' | 'status_set_by'>,
): boolean {
  return c.status === 'pending' && c.status_set_by === 'affiliate';
}

/**
 * The review queue (admin: every conversion; advertiser: its campaigns'): filters, a selection
 * kept across live refreshes, bulk decisions with a reason and note, and each row's history.
 */
export const ReviewModel = createModel(
  (
    api: Pick<ConsoleApi, 'conversions' | 'review' | 'history'>,
    baseUrl: string,
    today: () => string,
  ) => {
    const list = createCursorList<NetworkConversion>((q) => api.conversions(q), REVIEW_PAGE_SIZE);
    const filters = signal<ReviewFilters>({ ...defaultReviewFilters });
    const selected = signal<ReadonlySet<number>>(new Set());
    const expanded = signal<ReadonlySet<number>>(new Set());
    const histories = signal<ReadonlyMap<number, HistoryView>>(new Map());
    const reason = signal('manual');
    const note = signal('');
    const submitting = signal<ReviewStatus | null>(null);
    const outcome = signal<ReviewOutcome | null>(null);
    const formError = signal<string | null>(null);
    // Conversions that arrived while an older page was shown: page one has them.
    const arrivals = signal(0);
    const updatedAt = signal<number | null>(null);
    let anchor: number | null = null;

    const fail = (err: unknown) => describeFailure(asFailure(err), baseUrl);
    const visibleIds = () => new Set(list.rows.peek().map((r) => r.id));

    // Selected rows that a refresh no longer lists (decided elsewhere) leave the selection; the rest stay.
    const keepVisible = action(() => {
      const visible = visibleIds();
      const kept = [...selected.peek()].filter((id) => visible.has(id));
      if (kept.length !== selected.peek().size) selected.value = new Set(kept);
    });

    const load = action(async () => {
      batch(() => {
        selected.value = new Set();
        expanded.value = new Set();
        arrivals.value = 0;
        anchor = null;
      });
      await list.load(conversionsQuery(filters.peek(), today()));
      updatedAt.value = Date.now();
    });

    const refresh = action(async () => {
      await list.refresh();
      keepVisible();
      updatedAt.value = Date.now();
    });

    const setSelected = (ids: Iterable<number>, on: boolean) => {
      const next = new Set(selected.peek());
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      selected.value = next;
    };

    const loadHistory = async (id: number) => {
      histories.value = new Map(histories.peek()).set(id, { entries: null, error: null });
      let view: HistoryView;
      try {
        view = { entries: await api.history(id), error: null };
      } catch (err) {
        view = { entries: null, error: fail(err) };
      }
      histories.value = new Map(histories.peek()).set(id, view);
    };

    return {
      list,
      filters,
      selected,
      expanded,
      histories,
      reason,
      note,
      submitting,
      outcome,
      formError,
      arrivals,
      updatedAt,
      // Computed: the page's rows against the selection, for the "select all" box
      pageSelection: computed<'none' | 'some' | 'all'>(() => {
        const rows = list.rows.value;
        const n = rows.filter((r) => selected.value.has(r.id)).length;
        return n === 0 ? 'none' : n === rows.length ? 'all' : 'some';
      }),
      // Computed: a filter other than the queue's own is in use
      filtered: computed(() => {
        const f = filters.value;
        return !!(f.reason || f.campaign || f.affiliate);
      }),
      load,
      refresh,
      // Action: change one filter and list page one again
      setFilter: action(<K extends keyof ReviewFilters>(key: K, value: ReviewFilters[K]) => {
        if (filters.peek()[key] === value) return;
        filters.value = { ...filters.peek(), [key]: value };
        void load();
      }),
      // Action: every filter at once (a link was followed)
      setFilters: action((next: ReviewFilters) => {
        filters.value = next;
        void load();
      }),
      clearFilters: action(() => {
        filters.value = {
          ...defaultReviewFilters,
          status: filters.peek().status,
          period: filters.peek().period,
        };
        void load();
      }),
      next: action(async () => {
        selected.value = new Set();
        await list.next();
      }),
      previous: action(async () => {
        selected.value = new Set();
        await list.previous();
        if (list.pageNumber.peek() === 1) arrivals.value = 0;
      }),
      // Action: tick or untick one row; with `extend` (shift) the rows from the last one ticked follow it
      toggle: action((id: number, extend = false) => {
        const on = !selected.peek().has(id);
        const ids = list.rows.peek().map((r) => r.id);
        const from = anchor === null ? -1 : ids.indexOf(anchor);
        const to = ids.indexOf(id);
        if (extend && from !== -1 && to !== -1)
          setSelected(ids.slice(Math.min(from, to), Math.max(from, to) + 1), on);
        else setSelected([id], on);
        anchor = id;
      }),
      // Action: select every row on the page, or none when all already are
      toggleAll: action(() => {
        const ids = list.rows.peek().map((r) => r.id);
        setSelected(ids, !ids.every((id) => selected.peek().has(id)));
      }),
      clearSelection: action(() => {
        selected.value = new Set();
        anchor = null;
      }),
      // Action: show or hide a row's status history (fetched the first time, again after a decision)
      toggleHistory: action((id: number) => {
        const open = new Set(expanded.peek());
        if (open.has(id)) open.delete(id);
        else {
          open.add(id);
          if (!histories.peek().get(id)?.entries) void loadHistory(id);
        }
        expanded.value = open;
      }),
      // Action: approve, reject or hold every selected conversion with the reason and note given
      decide: action(async (status: ReviewStatus) => {
        const ids = [...selected.peek()];
        if (ids.length === 0) {
          formError.value =
            'Select the conversions to review first: tick their boxes, or the box in the header for the whole page.';
          return;
        }
        submitting.value = status;
        formError.value = null;
        outcome.value = null;
        try {
          const text = note.peek().trim();
          const result = await api.review({
            ids,
            status,
            reason: reason.peek(),
            ...(text ? { note: text } : {}),
          });
          // What was refused stays selected, with the note, to see why and try again.
          const done = new Set([
            ...result.updated,
            ...result.confirmed,
            ...result.unchanged,
            ...result.not_found,
          ]);
          batch(() => {
            outcome.value = { ...result, status };
            selected.value = new Set(ids.filter((id) => !done.has(id)));
            if (result.refused.length === 0) note.value = '';
            // Open histories show the new entry once fetched again.
            histories.value = new Map([...histories.peek()].filter(([id]) => !done.has(id)));
          });
          for (const id of expanded.peek()) if (done.has(id)) void loadHistory(id);
          await refresh();
        } catch (err) {
          formError.value = fail(err);
        } finally {
          submitting.value = null;
        }
      }),
      dismissOutcome: action(() => {
        outcome.value = null;
      }),
      // Action: the live channel heard of conversions: page one refetches in place, an older page counts them
      heard: action((conversions: number) => {
        if (list.pageNumber.peek() > 1) arrivals.value = arrivals.peek() + conversions;
        void refresh();
      }),
      // Action: back to the newest page
      newest: action(() => void load()),
    };
  },
);

export type Review = InstanceType<typeof ReviewModel>;
