import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createRange, presetRange, previousRange, validateRange } from './range.ts';
import type { Query } from './router.ts';

const TODAY = '2026-11-24';

function model(initial: Query = {}) {
  const query = signal<Query>(initial);
  const setQuery = (patch: Record<string, string | undefined>) => {
    const next: Record<string, string> = { ...query.peek() };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    query.value = next;
  };
  return { query, range: createRange(query, setQuery, () => TODAY, 'en-US') };
}

describe('range presets', () => {
  it('covers today, 7 and 30 days ending today', () => {
    expect(presetRange('today', TODAY)).toEqual({ from: TODAY, to: TODAY });
    expect(presetRange('7d', TODAY)).toEqual({ from: '2026-11-18', to: TODAY });
    expect(presetRange('30d', TODAY)).toEqual({ from: '2026-10-26', to: TODAY });
  });

  it('compares with the equally long range just before', () => {
    expect(previousRange({ from: '2026-11-18', to: '2026-11-24' })).toEqual({
      from: '2026-11-11',
      to: '2026-11-17',
    });
    expect(previousRange({ from: TODAY, to: TODAY })).toEqual({
      from: '2026-11-23',
      to: '2026-11-23',
    });
  });

  it('refuses backwards, future and over-long custom ranges', () => {
    expect(validateRange('2026-11-01', '2026-11-05', TODAY)).toBeNull();
    expect(validateRange('2026-11-05', '2026-11-01', TODAY)).toMatch(/on or before/);
    expect(validateRange('2026-12-01', '2026-12-05', TODAY)).toMatch(/future/);
    expect(validateRange('2025-01-01', '2026-11-01', TODAY)).toMatch(/at most 400/);
    expect(validateRange('', '2026-11-01', TODAY)).toMatch(/YYYY-MM-DD/);
  });
});

describe('range model', () => {
  it('defaults to 7 days and reads the preset from the URL', () => {
    const { query, range } = model();
    expect(range.preset.value).toBe('7d');
    expect(range.days.value).toHaveLength(7);
    query.value = { range: '30d' };
    expect(range.range.value).toEqual({ from: '2026-10-26', to: TODAY });
    expect(range.previous.value).toEqual({ from: '2026-09-26', to: '2026-10-25' });
    expect(range.label.value).toBe('Oct 26 – Nov 24, 2026');
  });

  it('turns the shown range into a custom one, then applies new dates', () => {
    const { query, range } = model({ range: 'today' });
    range.choose('custom');
    expect(query.value).toEqual({ range: 'custom', from: TODAY, to: TODAY });
    expect(range.setCustom('2026-11-01', '2026-11-10')).toBeNull();
    expect(range.range.value).toEqual({ from: '2026-11-01', to: '2026-11-10' });
    expect(range.length.value).toBe(10);
    expect(range.setCustom('2026-11-10', '2026-11-01')).toMatch(/on or before/);
    expect(range.customError.value).toMatch(/on or before/);
    expect(range.range.value).toEqual({ from: '2026-11-01', to: '2026-11-10' });
    range.choose('7d');
    expect(query.value).toEqual({});
    expect(range.customError.value).toBeNull();
  });

  it('falls back to the default for an unusable custom range in the URL', () => {
    const { range } = model({ range: 'custom', from: '2026-11-20', to: '2026-11-02' });
    expect(range.error.value).toMatch(/on or before/);
    expect(range.preset.value).toBe('7d');
    expect(range.range.value).toEqual({ from: '2026-11-18', to: TODAY });
  });

  it('keeps the same key for an unchanged range, so nothing reloads', () => {
    const { query, range } = model({ range: '7d' });
    const before = range.range.value;
    query.value = { range: '7d', affiliate: '2' };
    expect(range.range.value).toBe(before);
  });
});
