import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { DayRange } from '../api/client.ts';
import { addDays, dayCount, formatDayRange, isDay, listDays } from '../format/dates.ts';
import type { Query } from './router.ts';

export const presets = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: 'custom', label: 'Custom' },
] as const;
export type Preset = (typeof presets)[number]['id'];

export const DEFAULT_PRESET: Preset = '7d';
/** The API refuses longer ranges. */
export const MAX_RANGE_DAYS = 400;

export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): DayRange {
  const back = preset === 'today' ? 0 : preset === '7d' ? 6 : 29;
  return { from: addDays(today, -back), to: today };
}

/** The range of equal length that ends the day before `range` starts. */
export function previousRange(range: DayRange): DayRange {
  const length = dayCount(range.from, range.to);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

export function validateRange(from: string, to: string, today: string): string | null {
  if (!isDay(from) || !isDay(to)) return 'Enter both dates as YYYY-MM-DD.';
  if (from > to) return 'The start date must be on or before the end date.';
  if (from > today) return 'The range starts in the future; there is no data yet.';
  if (dayCount(from, to) > MAX_RANGE_DAYS) return `Choose at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

function isPreset(value: string | undefined): value is Preset {
  return presets.some((p) => p.id === value);
}

export type RangeModel = ReturnType<typeof createRange>;

/** The report range lives in the URL (`range=7d` or `range=custom&from=…&to=…`), so links and reloads keep it. */
export function createRange(
  query: ReadonlySignal<Query>,
  setQuery: (patch: Record<string, string | undefined>) => void,
  today: () => string,
  locale: string,
) {
  // Computed: the preset asked for, or the default
  const requested = computed<Preset>(() => {
    const q = query.value;
    return isPreset(q.range) ? q.range : DEFAULT_PRESET;
  });
  // Computed: why the custom dates in the URL cannot be used, if they cannot
  const error = computed(() => {
    if (requested.value !== 'custom') return null;
    return validateRange(query.value.from ?? '', query.value.to ?? '', today());
  });
  // Computed: the preset in effect (an invalid custom range falls back to the default)
  const preset = computed<Preset>(() => (error.value ? DEFAULT_PRESET : requested.value));
  const fromDay = computed(() =>
    preset.value === 'custom' ? query.value.from! : presetRange(preset.value, today()).from,
  );
  const toDay = computed(() =>
    preset.value === 'custom' ? query.value.to! : presetRange(preset.value, today()).to,
  );
  // Computed: a stable string key, so dependents reload only when the days really change
  const key = computed(() => `${fromDay.value}..${toDay.value}`);
  const customError = signal<string | null>(null);
  const range = computed<DayRange>(() => {
    const [from = '', to = ''] = key.value.split('..');
    return { from, to };
  });

  return {
    requested,
    preset,
    error,
    customError,
    range,
    key,
    // Computed: the comparison range of equal length just before
    previous: computed(() => previousRange(range.value)),
    // Computed: every day of the range, oldest first
    days: computed(() => listDays(range.value.from, range.value.to)),
    // Computed: "Nov 18 – Nov 24, 2026"
    label: computed(() => formatDayRange(range.value.from, range.value.to, locale)),
    // Computed: how many days the range has
    length: computed(() => dayCount(range.value.from, range.value.to)),
    // Action: pick a preset; "custom" starts from the range shown now
    choose(next: Preset) {
      customError.value = null;
      if (next === 'custom')
        setQuery({ range: 'custom', from: range.peek().from, to: range.peek().to });
      else
        setQuery({
          range: next === DEFAULT_PRESET ? undefined : next,
          from: undefined,
          to: undefined,
        });
    },
    // Action: apply custom dates; returns the reason when they are not usable
    setCustom(from: string, to: string): string | null {
      const problem = validateRange(from, to, today());
      customError.value = problem;
      if (!problem) setQuery({ range: 'custom', from, to });
      return problem;
    },
  };
}
