// The tests' own view of the API, fetched from Node, to compare with what the page shows.
import { inject } from 'vitest';
import type { ClickItem, ConversionItem, Links, StatsRow, Summary } from '../src/api/routes.ts';

export const fixture = () => inject('dashboard');

export async function apiGet<T>(path: string, key: string): Promise<T> {
  const res = await fetch(`${fixture().apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export const apiSummary = async (id: number, key: string, from: string, to: string) =>
  (await apiGet<{ data: Summary }>(`/affiliates/${id}/summary?from=${from}&to=${to}`, key)).data;

export const apiStats = async (
  id: number,
  key: string,
  groupBy: string,
  from: string,
  to: string,
) =>
  (
    await apiGet<{ data: StatsRow[] }>(
      `/affiliates/${id}/stats?group_by=${groupBy}&from=${from}&to=${to}`,
      key,
    )
  ).data;

export const apiClicks = async (id: number, key: string, from: string, to: string) =>
  (
    await apiGet<{ data: ClickItem[] }>(
      `/affiliates/${id}/clicks?from=${from}&to=${to}&limit=1000`,
      key,
    )
  ).data;

export const apiConversions = async (id: number, key: string, from: string, to: string) =>
  (
    await apiGet<{ data: ConversionItem[] }>(
      `/affiliates/${id}/conversions?from=${from}&to=${to}&limit=1000`,
      key,
    )
  ).data;

export const apiLinks = async (id: number, key: string) =>
  (await apiGet<{ data: Links }>(`/affiliates/${id}/postback-url`, key)).data;

export async function apiCsv(path: string, key: string): Promise<string> {
  const res = await fetch(`${fixture().apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res.text();
}
