import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { launchBrowser, screenshot } from './browser.ts';
import {
  consoleSettled,
  expectFitsPhone,
  focused,
  openConsole,
  retriesAfterOutage,
  signedIn,
  tabTo,
  unlabelled,
} from './console-browser.ts';
import { asAdmin, unique } from './money.ts';

interface AdvertiserJson {
  id: number;
  name: string;
  status: string;
  status_map: Record<string, string>;
  postback_token: string;
  postback_url: string;
  previous_secret_valid_until: string | null;
}

const meStatus = async (key: string) =>
  (await fetch(`${fixture().apiUrl}/me`, { headers: { Authorization: `Bearer ${key}` } })).status;
const line = (page: Page, i: number) => page.locator(`[data-map-line="${i}"]`);

async function openAdvertisers(browser: Browser, width = 1280): Promise<Page> {
  const page = await signedIn(browser, fixture().adminToken, { width });
  await openConsole(page, 'Advertisers', 'advertisers');
  return page;
}

describe('advertisers (admin)', () => {
  let browser: Browser;
  let page: Page;
  let created: { id: number; name: string; key: string };
  const row = () => page.locator(`tr[data-advertiser-id="${created.id}"]`);

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await openAdvertisers(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the advertisers the API has', async () => {
    const api = await asAdmin<AdvertiserJson[]>('GET', '/advertisers');
    const shown = await page
      .locator('tr[data-advertiser-id]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-advertiser-id'))));
    expect(shown).toEqual(api.map((a) => a.id));
    await expect(page.locator('tr[data-advertiser-id="1"]').innerText()).resolves.toMatch(
      /Default advertiser/,
    );
  });

  it('creates an advertiser and shows its API key once, which opens its console', async () => {
    const name = unique('Globex');
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create advertiser' }).click();
    const revealed = page.locator('[data-revealed="api-key"]');
    await revealed.waitFor();
    await expect(revealed.innerText()).resolves.toMatch(/shown only this once/);
    const key = (await revealed.locator('[data-secret]').innerText()).trim();
    const me = await fetch(`${fixture().apiUrl}/me`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(
      ((await me.json()) as { data: { role: string; advertiser: { name: string } } }).data,
    ).toMatchObject({ role: 'advertiser', advertiser: { name } });
    const id = Number(
      await page
        .locator('tr[data-advertiser-id]', { hasText: name })
        .getAttribute('data-advertiser-id'),
    );
    created = { id, name, key };
    await expect(row().locator('.badge').innerText()).resolves.toBe('Active');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await revealed.waitFor({ state: 'detached' });
  });

  it("renames it and maps its own status values, showing the API's messages at the line", async () => {
    await row()
      .getByRole('button', { name: `Edit ${created.name}` })
      .click();
    const form = page.locator('[data-advertiser-form="edit"]');
    const renamed = `${created.name} Ltd`;
    await form.getByLabel('Name').fill(renamed);
    await line(page, 0).getByRole('textbox').fill('paid');
    await form.getByRole('button', { name: 'Add a value' }).click();
    await line(page, 1).getByRole('textbox').fill(' sale');
    await line(page, 1).getByRole('combobox').selectOption('approved');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const error = line(page, 1).locator('.field-error');
    await expect(error.innerText()).resolves.toMatch(
      /status_map keys must be 1 to 32 printable ASCII characters, without leading or trailing spaces/,
    );
    await expect(line(page, 1).getByRole('textbox').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(line(page, 0).locator('.field-error').count()).resolves.toBe(0);
    await screenshot(page, 'advertisers-status-map');

    await line(page, 1).getByRole('textbox').fill('paid');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(line(page, 1).locator('.field-error').innerText()).resolves.toBe(
      '“paid” is already on line 1: each value maps to one status.',
    );

    await line(page, 1).getByRole('textbox').fill('chargeback');
    await line(page, 1).getByRole('combobox').selectOption('rejected');
    expect(await unlabelled(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Saved ${renamed}: 2 status values mapped.` })
      .waitFor();
    await expect(row().innerText()).resolves.toMatch(/paid → approved, chargeback → rejected/);
    const api = await asAdmin<AdvertiserJson>('GET', `/advertisers/${created.id}`);
    expect(api).toMatchObject({
      name: renamed,
      status_map: { paid: 'approved', chargeback: 'rejected' },
    });
    created.name = renamed;
  });

  it('pauses and resumes it, and rotates its API key and postback token', async () => {
    await row()
      .getByRole('button', { name: `Pause ${created.name}` })
      .click();
    await row().locator('.badge', { hasText: 'Paused' }).waitFor();
    expect(await meStatus(created.key)).toBe(401);
    await row()
      .getByRole('button', { name: `Resume ${created.name}` })
      .click();
    await row().locator('.badge', { hasText: 'Active' }).waitFor();
    expect(await meStatus(created.key)).toBe(200);

    await row()
      .getByRole('button', { name: `New API key for ${created.name}` })
      .click();
    const rotated = (
      await page.locator('[data-revealed="api-key"] [data-secret]').innerText()
    ).trim();
    expect(rotated).not.toBe(created.key);
    expect(await meStatus(created.key)).toBe(401);
    expect(await meStatus(rotated)).toBe(200);

    const before = await asAdmin<AdvertiserJson>('GET', `/advertisers/${created.id}`);
    await row()
      .getByRole('button', { name: `New postback token for ${created.name}` })
      .click();
    const revealed = page.locator('[data-revealed="postback-url"]');
    await revealed.getByText(/previous token and signing secret are accepted until/).waitFor();
    const after = await asAdmin<AdvertiserJson>('GET', `/advertisers/${created.id}`);
    expect(after.postback_token).not.toBe(before.postback_token);
    await expect(revealed.locator('[data-secret]').innerText()).resolves.toBe(after.postback_url);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('shows its postback URL and the vendor preset URLs', async () => {
    const api = await asAdmin<AdvertiserJson>('GET', `/advertisers/${created.id}`);
    await row()
      .getByRole('button', { name: `Postback URL of ${created.name}` })
      .click();
    const urlRow = page.locator(`[data-url-for="${created.id}"]`);
    await expect(urlRow.locator('[data-postback-url]').innerText()).resolves.toBe(api.postback_url);
    await urlRow.getByText(/^Vendor preset URLs/).click();
    const presets = urlRow.locator('[data-preset]');
    await expect(presets.count()).resolves.toBe(6);
    const urls = await urlRow.locator('[data-preset-url]').allInnerTexts();
    for (const url of urls)
      expect(url).toMatch(
        new RegExp(
          `/postback/(voluum|keitaro|everflow|affise|redtrack|binom)\\?.*&token=${api.postback_token}$`,
        ),
      );
    await screenshot(page, 'advertisers');
  });

  it('is usable by keyboard alone', async () => {
    await page.reload();
    await consoleSettled(page, 'advertisers');
    await tabTo(page, /^INPUT name/);
    const name = unique('Keyboard Inc');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await page.locator('[data-revealed="api-key"]').waitFor();
    await page.locator('tr[data-advertiser-id]', { hasText: name }).waitFor();
    await tabTo(page, new RegExp(`^BUTTON Edit ${name}`));
    await page.keyboard.press('Enter');
    await page.locator('[data-advertiser-form="edit"]').waitFor();
    expect(await focused(page)).toBeTruthy();
  });

  it('says so when there are no advertisers', async () => {
    const empty = await openAdvertisers(browser);
    const list = (url: URL) => url.pathname === '/advertisers';
    await empty.route(list, (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: '{"success":true,"data":[]}',
          })
        : route.continue(),
    );
    await empty.reload();
    await empty.getByRole('heading', { name: 'No advertisers yet' }).waitFor();
    await empty.context().close();
  });

  it('says what went wrong when the API fails, and retries', async () => {
    const failing = await signedIn(browser, fixture().adminToken);
    await retriesAfterOutage(failing, '/advertisers', 'Advertisers');
    await failing.locator('tr[data-advertiser-id]').first().waitFor();
    await failing.context().close();
  });

  it('fits a 375 px screen', async () => {
    const phone = await openAdvertisers(browser, 375);
    await expectFitsPhone(phone);
    await screenshot(phone, 'phone-advertisers');
    await phone.context().close();
  });
});
