import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiClicks, apiConversions, apiCsv } from './api.ts';
import {
  affiliate,
  choosePreset,
  openPage,
  screenshot,
  settled,
  shownRange,
  signedInOnOverview,
} from './browser.ts';

const PAGE_SIZE = 25;

async function showPage(page: Page, name: 'clicks' | 'conversions', pageNumber: number) {
  await page.locator(`[data-page-number="${pageNumber}"]`).waitFor();
  await settled(page, name);
}

const rowIds = (page: Page, attribute: string) =>
  page
    .locator(`tbody tr[${attribute}]`)
    .evaluateAll((trs, a) => trs.map((tr) => tr.getAttribute(a)!), attribute);

async function thirtyDays(page: Page, name: 'clicks' | 'conversions') {
  await choosePreset(page, '30 days');
  await page
    .getByRole('button', { name: '30 days' })
    .and(page.locator('[aria-pressed="true"]'))
    .waitFor();
  await settled(page, name);
  return shownRange(page);
}

async function downloadCsv(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return {
    name: download.suggestedFilename(),
    text: await readFile((await download.path())!, 'utf8'),
  };
}

describe('clicks and conversions', () => {
  const me = affiliate(0);
  let page: Page;
  signedInOnOverview(me.apiKey, (opened) => (page = opened));

  it('walks every click of the range page by page, newest first, like the API', async () => {
    await openPage(page, 'Clicks', 'clicks');
    const { from, to } = await thirtyDays(page, 'clicks');
    await screenshot(page, 'clicks');
    const expected = (await apiClicks(me.id, me.apiKey, from, to)).map((c) => c.click_id);
    expect(expected.length).toBeGreaterThan(PAGE_SIZE);

    const seen: string[] = [];
    const older = page.getByRole('button', { name: /Older/ });
    for (let n = 1; ; n++) {
      await showPage(page, 'clicks', n);
      const ids = await rowIds(page, 'data-click-id');
      expect(ids.length).toBeLessThanOrEqual(PAGE_SIZE);
      seen.push(...ids);
      if (await older.isDisabled()) break;
      await older.click();
    }
    // Other test files may add clicks meanwhile: the live first page and the API then start with
    // them, and every click from the first one shown on is walked exactly once, in the API's order.
    const now = (await apiClicks(me.id, me.apiKey, from, to)).map((c) => c.click_id);
    const newer = now.indexOf(seen[0]!);
    expect(newer).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual(now.slice(newer));
    expect(seen.slice(-expected.length)).toEqual(expected.slice(-seen.length));
    const pages = Math.ceil(seen.length / PAGE_SIZE);
    expect(
      Number(await page.locator('[data-page-number]').getAttribute('data-page-number')),
    ).toBeGreaterThanOrEqual(pages);

    // Newer goes back one page to the same rows (the first page is live, so it is the API's newest).
    await page.getByRole('button', { name: /Newer/ }).click();
    const back = Number(await page.locator('[data-page-number]').getAttribute('data-page-number'));
    await showPage(page, 'clicks', back);
    const start = (back - 1) * PAGE_SIZE;
    if (back > 1)
      expect(await rowIds(page, 'data-click-id')).toEqual(seen.slice(start, start + PAGE_SIZE));
    else
      await expect
        .poll(
          async () =>
            JSON.stringify(await rowIds(page, 'data-click-id')) ===
            JSON.stringify(
              (await apiClicks(me.id, me.apiKey, from, to))
                .slice(0, PAGE_SIZE)
                .map((c) => c.click_id),
            ),
        )
        .toBe(true);
  });

  it('sorts the page shown oldest first and back', async () => {
    // Stands on its own: the page shown is loaded before its rows are read.
    await settled(page, 'clicks');
    await page.locator('tbody tr[data-click-id]').first().waitFor();
    const newest = await rowIds(page, 'data-click-id');
    await page.getByRole('button', { name: /Time \(UTC\)/ }).click();
    await page.locator('th[aria-sort="ascending"]').waitFor();
    expect(await rowIds(page, 'data-click-id')).toEqual([...newest].reverse());
    const times = await page
      .locator('tbody tr[data-created-at]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-created-at')!));
    expect(times).toEqual([...times].sort());
    await page.getByRole('button', { name: /Time \(UTC\)/ }).click();
    await page.locator('th[aria-sort="descending"]').waitFor();
    expect(await rowIds(page, 'data-click-id')).toEqual(newest);
  });

  it('exports the clicks of the range as the API’s CSV', async () => {
    const { from, to } = await shownRange(page);
    const file = await downloadCsv(page, 'Export clicks CSV');
    expect(file.name).toBe(`clicks-${me.id}_${from}_${to}.csv`);
    const expected = await apiCsv(
      `/affiliates/${me.id}/clicks.csv?from=${from}&to=${to}`,
      me.apiKey,
    );
    expect(file.text).toBe(expected);
    const lines = file.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,click_id,campaign_id,created_at,sub1,sub2,sub3,sub4,sub5,country,device,os,variant_id,smartlink_id,is_unique',
    );
    expect(lines.length - 1).toBe((await apiClicks(me.id, me.apiKey, from, to)).length);
  });

  it('lists conversions with status badges and exports them', async () => {
    await openPage(page, 'Conversions', 'conversions');
    const { from, to } = await thirtyDays(page, 'conversions');
    await screenshot(page, 'conversions');
    const expected = await apiConversions(me.id, me.apiKey, from, to);
    expect(expected.length).toBeGreaterThan(0);

    const seen: { id: string; status: string }[] = [];
    const older = page.getByRole('button', { name: /Older/ });
    for (let n = 1; ; n++) {
      await showPage(page, 'conversions', n);
      seen.push(
        ...(await page.locator('tbody tr[data-conversion-id]').evaluateAll((trs) =>
          trs.map((tr) => ({
            id: tr.getAttribute('data-conversion-id')!,
            status: tr.querySelector('.badge')!.textContent!,
          })),
        )),
      );
      if (await older.isDisabled()) break;
      await older.click();
    }
    expect(seen).toEqual(expected.map((c) => ({ id: String(c.id), status: c.status })));
    expect(new Set(seen.map((s) => s.status)).size).toBeGreaterThan(1);

    const file = await downloadCsv(page, 'Export conversions CSV');
    expect(file.text).toBe(
      await apiCsv(`/affiliates/${me.id}/conversions.csv?from=${from}&to=${to}`, me.apiKey),
    );
    expect(file.text.trim().split('\r\n')).toHaveLength(expected.length + 1);
  });
});
