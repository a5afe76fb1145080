import { exports } from 'cloudflare:workers';
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { advertiserPostbackToken } from '../lib/secrets.ts';

export const adminToken = env.ADMIN_TOKEN;

// The worker under test, as the runtime exposes its default export.
const worker = (exports as unknown as { default: Fetcher }).default;

export function api(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
  return worker.fetch(new Request(`http://tracker.test${path}`, { ...init, headers, redirect: 'manual' }));
}

export function asAdmin(path: string, init: RequestInit = {}): Promise<Response> {
  return api(path, { ...init, key: adminToken });
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface TestAffiliate {
  id: number;
  name: string;
  apiKey: string;
  postbackSecret: string;
}

export async function createAffiliate(name = 'Affiliate', extra: Record<string, unknown> = {}): Promise<TestAffiliate> {
  const res = await asAdmin('/affiliates', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, ...extra }) });
  if (res.status !== 201) throw new Error(`create affiliate: ${res.status} ${await res.text()}`);
  const { data } = await json(res);
  return { id: data.id, name: data.name, apiKey: data.api_key, postbackSecret: data.postback_secret };
}

export async function createCampaign(body: Record<string, unknown> = {}): Promise<{ id: number }> {
  const res = await asAdmin('/campaigns', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Campaign', ...body }) });
  if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${await res.text()}`);
  return (await json(res)).data;
}

// The worker with some settings changed, as a deploy with other vars would run it.
export async function apiWithEnv(path: string, vars: Partial<Cloudflare.Env>, init: RequestInit = {}): Promise<Response> {
  const { default: handler } = await import('../index.ts');
  const ctx = createExecutionContext();
  const res = await handler.fetch(new Request(`http://tracker.test${path}`, { ...init, redirect: 'manual' }) as Request<unknown, IncomingRequestCfProperties>, { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

// The postback token of advertiser 1 (the default advertiser, owner of campaigns created without advertiser_id).
export function defaultAdvertiserToken(): Promise<string> {
  return advertiserPostbackToken(env.TRACKER_SECRET, 1, 1);
}
