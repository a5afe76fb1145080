// Advertisers, campaigns, clicks and postbacks for the console's money pages, made through the real API.
import { expect } from 'vitest';
import { fixture } from './api.ts';

export const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

async function call<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(`${fixture().apiUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { data: T }).data;
}

export const asAdmin = <T>(method: string, path: string, body?: unknown) =>
  call<T>(method, path, fixture().adminToken, body);
export const asKey = <T>(key: string, method: string, path: string, body?: unknown) =>
  call<T>(method, path, key, body);

export interface SeededAdvertiser {
  id: number;
  name: string;
  api_key: string;
  postback_token: string;
  postback_url: string;
  signing_secret: string;
}

export const createAdvertiser = (name = unique('Advertiser')) =>
  asAdmin<SeededAdvertiser>('POST', '/advertisers', { name });

export interface SeededCampaign {
  id: number;
  name: string;
}

/** A campaign of the advertiser; test clicks come from Node, so quality scoring is off unless asked. */
export const createCampaign = (advertiserId: number, fields: Record<string, unknown> = {}) =>
  asAdmin<SeededCampaign>('POST', '/campaigns', {
    name: unique('Offer'),
    advertiser_id: advertiserId,
    default_payout: '10',
    currency: 'USD',
    quality_threshold: 0,
    affiliate_postbacks: 'pending',
    ...fields,
  });

export async function newClick(affiliateId: number, campaignId: number): Promise<string> {
  const res = await fetch(
    `${fixture().apiUrl}/click?affiliate_id=${affiliateId}&campaign_id=${campaignId}&format=json`,
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { data: { click_id: string } }).data.click_id;
}

/** A postback as the advertiser's server sends it (GET /postback with its token); returns the HTTP status. */
export async function advertiserPostback(
  token: string,
  params: Record<string, string>,
): Promise<{ status: number; conversionId: number | null }> {
  const query = new URLSearchParams({ ...params, token }).toString();
  const res = await fetch(`${fixture().apiUrl}/postback?${query}`);
  const body = (await res.json()) as { data?: { conversion_id?: number } };
  return { status: res.status, conversionId: body.data?.conversion_id ?? null };
}

/** A postback with the affiliate's own secret: recorded pending (affiliate_reported) where the campaign takes them. */
export async function affiliatePostback(
  affiliateIndex: number,
  clickId: string,
  amount = '20',
): Promise<number> {
  const a = fixture().affiliates[affiliateIndex]!;
  const links = await asKey<{ postback_secret: string }>(
    a.apiKey,
    'GET',
    `/affiliates/${a.id}/postback-url`,
  );
  const query = new URLSearchParams({
    affiliate_id: String(a.id),
    click_id: clickId,
    amount,
    token: links.postback_secret,
  }).toString();
  const res = await fetch(`${fixture().apiUrl}/postback?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { data: { conversion_id: number } }).data.conversion_id;
}

export interface LogEntry {
  id: number;
  outcome: string;
  reason: string | null;
  click_id: string | null;
}

/** The postback log is written through a queue: waits until the click's attempts are all in (also in a hook). */
export async function waitForLog(key: string, clickId: string, count: number): Promise<LogEntry[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    const entries = await asKey<LogEntry[]>(
      key,
      'GET',
      `/postback-log?click_id=${encodeURIComponent(clickId)}`,
    );
    if (entries.length >= count) return entries;
    if (Date.now() > until)
      throw new Error(
        `the postback log has ${entries.length} of ${count} attempts for ${clickId} after 30 s`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface ConversionRow {
  id: number;
  status: string;
  reason: string | null;
  campaign_id: number;
  click_id: string;
}

export const conversionsOf = (key: string, query: string) =>
  asKey<ConversionRow[]>(key, 'GET', `/conversions?${query}&from=${daysAgo(399)}`);

export function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
