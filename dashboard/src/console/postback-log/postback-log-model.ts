import { action, computed, createModel, signal } from '@preact/signals';
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
import type { ConsoleApi, PostbackAttempt } from '../api.ts';
import { outcomeLabels, verdictOf, type Outcome } from '../conversions/reasons.ts';

export interface LogFilters extends ConversionFilters {
  outcome: Outcome | '';
  click: string;
}

export const noLogFilters: LogFilters = { outcome: '', click: '', ...noConversionFilters };

const URL_KEYS = { outcome: 'outcome', click: 'click_id' } as const;
export const logUrlKeys = [...Object.values(URL_KEYS), ...Object.values(conversionUrlKeys)];

export function logFiltersFrom(query: Readonly<Record<string, string>>): LogFilters {
  const f: LogFilters = { ...noLogFilters, ...conversionFiltersFrom(query) };
  if (query.outcome && Object.hasOwn(outcomeLabels, query.outcome))
    f.outcome = query.outcome as Outcome;
  if (query.click_id) f.click = query.click_id.slice(0, 100);
  return f;
}

/** The filters as URL keys (undefined removes one) and, the same, as the API's query. */
export function logFiltersQuery(f: LogFilters): Record<string, string | undefined> {
  return {
    [URL_KEYS.outcome]: f.outcome || undefined,
    [URL_KEYS.click]: f.click || undefined,
    ...conversionFiltersQuery(f),
  };
}

export const LOG_PAGE_SIZE = 50;

/**
 * The postback flight recorder (admin: all; advertiser: its own): every attempt with its outcome
 * and reason, filters, and the click search that answers "why didn't my conversion count?".
 */
export const PostbackLogModel = createModel(
  (api: Pick<ConsoleApi, 'postbackLog'>, baseUrl: string) => {
    const list = createCursorList<PostbackAttempt>((q: Query) => api.postbackLog(q), LOG_PAGE_SIZE);
    const filters = signal<LogFilters>({ ...noLogFilters });
    // The search box as typed; the click filter changes when it is submitted.
    const clickInput = signal('');
    const expanded = signal<ReadonlySet<number>>(new Set());
    const updatedAt = signal<number | null>(null);

    const load = action(async () => {
      expanded.value = new Set();
      // The log's own retention (30 days) is the API's default range: no dates needed.
      await list.load(logFiltersQuery(filters.peek()));
      updatedAt.value = Date.now();
    });

    return {
      list,
      filters,
      clickInput,
      expanded,
      updatedAt,
      // Computed: the answer for the click searched, from its newest attempt
      verdict: computed(() => {
        const f = filters.value;
        if (!f.click || list.pageNumber.value !== 1 || list.page.loading.value) return null;
        return verdictOf(list.rows.value);
      }),
      // Computed: the error to show, in words
      error: computed(() => {
        const err = list.page.error.value;
        return err ? describeFailure(asFailure(err), baseUrl) : null;
      }),
      // Computed: some filter is in use
      filtered: computed(() => Object.values(filters.value).some(Boolean)),
      load,
      refresh: action(async () => {
        await list.refresh();
        updatedAt.value = Date.now();
      }),
      setFilter: action(<K extends keyof LogFilters>(key: K, value: LogFilters[K]) => {
        if (filters.peek()[key] === value) return;
        filters.value = { ...filters.peek(), [key]: value };
        if (key === 'click') clickInput.value = value;
        void load();
      }),
      setFilters: action((next: LogFilters) => {
        filters.value = next;
        clickInput.value = next.click;
        void load();
      }),
      // Action: only this click's attempts, whatever else was filtered, so none of them hides
      searchClick: action((clickId?: string) => {
        const click = (clickId ?? clickInput.peek()).trim();
        clickInput.value = click;
        filters.value = { ...noLogFilters, click };
        void load();
      }),
      clearFilters: action(() => {
        filters.value = { ...noLogFilters };
        clickInput.value = '';
        void load();
      }),
      toggleParams: action((id: number) => {
        const open = new Set(expanded.peek());
        if (!open.delete(id)) open.add(id);
        expanded.value = open;
      }),
      next: action(() => list.next()),
      previous: action(() => list.previous()),
    };
  },
);

export type PostbackLog = InstanceType<typeof PostbackLogModel>;
