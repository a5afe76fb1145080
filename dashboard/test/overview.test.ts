import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Money } from '../src/api/routes.ts';
import { addDays } from '../src/format/dates.ts';
import { formatMoney } from '../src/format/money.ts';
import { countDelta, formatCount, formatPercent } from '../src/format/numbers.ts';
import { apiStats, apiSummary } from './api.ts';
import {
  affiliate,
  choosePreset,
  screenshot,
  settled,
  shownRange,
  signedInOnOverview,
} from './browser.ts';

async function cardValues(page: Page, card: string) {
  return page.locator(`[data-card="${card}"] .card-value`).evaluateAll((els) =>
    els.map((el) => ({
      value: Number(el.getAttribute('data-value')),
      currency: el.getAttribute('data-currency'),
      text: el.textContent,
    })),
  );
}

async function rangeShown(page: Page, from: string, to: string) {
  await page.locator(`[data-range="${from}..${to}"]`).waitFor();
  await settled(page, 'overview');
}

const money = (list: Money[]) => list.map((m) => ({ currency: m.currency, amount: m.amount }));

describe('overview', () => {
  const me = affiliate(0);
  let page: Page;
  signedInOnOverview(me.apiKey, (opened) => (page = opened));

  it('shows the same totals as the API for the chosen range, with the change against the range before', async () => {
    await choosePreset(page, '30 days');
    const { to } = await shownRange(page);
    const from = addDays(to, -29);
    await rangeShown(page, from, to);
    await screenshot(page, 'overview');

    const now = await apiSummary(me.id, me.apiKey, from, to);
    const before = await apiSummary(me.id, me.apiKey, addDays(from, -30), addDays(from, -1));
    expect(now.clicks).toBeGreaterThan(0);

    for (const id of ['clicks', 'unique_clicks', 'conversions'] as const) {
      const [line] = await cardValues(page, id);
      expect(line).toEqual({ value: now[id], currency: null, text: formatCount(now[id], 'en-US') });
      const delta = await page.locator(`[data-card="${id}"] .delta`).textContent();
      expect(delta).toContain(countDelta(now[id], before[id], 'en-US').text);
    }
    const [rate] = await cardValues(page, 'conversion_rate');
    expect(rate).toEqual({
      value: now.conversion_rate,
      currency: null,
      text: formatPercent(now.conversion_rate, 'en-US'),
    });

    for (const id of ['revenue', 'payout', 'epc'] as const) {
      const shown = await cardValues(page, id);
      const currencies = new Set([...now[id], ...before[id]].map((m) => m.currency));
      expect(shown).toHaveLength(currencies.size);
      for (const m of money(now[id])) {
        expect(shown.find((s) => s.currency === m.currency)).toEqual({
          ...{ value: m.amount, currency: m.currency },
          text: formatMoney(m.amount, m.currency, 'en-US', id === 'epc'),
        });
      }
    }
  });

  it('charts one point per day of the range, with the API’s daily numbers', async () => {
    const { from, to } = await shownRange(page);
    const daily = await apiStats(me.id, me.apiKey, 'day', from, to);
    expect(daily).toHaveLength(30);
    const days = await page.locator('svg g.day').evaluateAll((els) =>
      els.map((el) => ({
        key: el.getAttribute('data-day'),
        clicks: Number(el.getAttribute('data-clicks')),
        conversions: Number(el.getAttribute('data-conversions')),
      })),
    );
    expect(days).toEqual(
      daily.map((d) => ({ key: d.key, clicks: d.clicks, conversions: d.conversions })),
    );
    expect(await page.locator('svg circle.point').count()).toBe(30);
  });

  it('breaks the range down by campaign and by sub1 like the API', async () => {
    const { from, to } = await shownRange(page);
    for (const [table, groupBy] of [
      ['by-campaign', 'campaign'],
      ['by-sub1', 'sub1'],
    ] as const) {
      const expected = await apiStats(me.id, me.apiKey, groupBy, from, to);
      const rows = await page
        .locator(`[data-breakdown="${table}"] tbody tr[data-key]`)
        .evaluateAll((trs) =>
          trs.map((tr) => ({
            key: tr.getAttribute('data-key'),
            clicks: Number(tr.querySelector('td')!.textContent!.replace(/,/g, '')),
          })),
        );
      expect(rows).toEqual(expected.map((r) => ({ key: r.key, clicks: r.clicks })));
    }
    const names = await page.locator('[data-breakdown="by-campaign"] tbody th').allTextContents();
    expect(names.every((n) => !n.startsWith('Campaign #'))).toBe(true);
  });

  it('takes a custom range and the presets', async () => {
    const { to: today } = await shownRange(page);
    await choosePreset(page, 'Custom');
    const from = addDays(today, -9);
    const to = addDays(today, -3);
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Apply' }).click();
    await rangeShown(page, from, to);
    expect(await page.locator('svg g.day').count()).toBe(7);
    const summary = await apiSummary(me.id, me.apiKey, from, to);
    expect((await cardValues(page, 'clicks'))[0]!.value).toBe(summary.clicks);
    expect(new URL(page.url()).hash).toBe(`#/overview?range=custom&from=${from}&to=${to}`);

    await page.getByLabel('From', { exact: true }).fill(addDays(today, 1));
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/on or before the end date|future/);

    await choosePreset(page, 'Today');
    await rangeShown(page, today, today);
    expect(await page.locator('svg g.day').count()).toBe(1);
    await choosePreset(page, '7 days');
    await rangeShown(page, addDays(today, -6), today);
    expect(await page.locator('svg g.day').count()).toBe(7);
  });
});
