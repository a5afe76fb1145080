import { exports } from 'cloudflare:workers';
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { advertiserPostbackToken } from '../lib/secrets.ts';

export const adminToken = env.ADMIN_TOKEN;

// The worker under test, as the runtime exposes its default export.
const worker = (exports as unknown as { default: Fetcher }).default;

export function api(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
  return worker.fetch(
    new Request(`http://tracker.test${path}`, { ...init, headers, redirect: 'manual' }),
  );
}

export function asAdmin(path: string, init: RequestInit = {}): Promise<Response> {
  return api(path, { ...init, key: adminToken });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read many response shapes through one helper
export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface TestAffiliate {
  id: number;
  name: string;
  apiKey: string;
  postbackSecret: string;
}

export async function createAffiliate(
  name = 'Affiliate',
  extra: Record<string, unknown> = {},
): Promise<TestAffiliate> {
  const res = await asAdmin('/affiliates', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, ...extra }),
  });
  if (res.status !== 201) throw new Error(`create affiliate: ${res.status} ${await res.text()}`);
  const { data } = await json(res);
  return {
    id: data.id,
    name: data.name,
    apiKey: data.api_key,
    postbackSecret: data.postback_secret,
  };
}

export async function createCampaign(body: Record<string, unknown> = {}): Promise<{ id: number }> {
  const res = await asAdmin('/campaigns', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Campaign', ...body }),
  });
  if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${await res.text()}`);
  return (await json(res)).data;
}

// The worker with some settings changed, as a deploy with other vars would run it.
export async function apiWithEnv(
  path: string,
  vars: Partial<Cloudflare.Env>,
  init: RequestInit = {},
): Promise<Response> {
  const { default: handler } = await import('../index.ts');
  const ctx = createExecutionContext();
  const res = await handler.fetch(
    new Request(`http://tracker.test${path}`, { ...init, redirect: 'manual' }) as Request<
      unknown,
      IncomingRequestCfProperties
    >,
    { ...env, ...vars },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

// The postback token of advertiser 1 (the default advertiser, owner of campaigns created without advertiser_id).
export function defaultAdvertiserToken(): Promise<string> {
  return advertiserPostbackToken(env.TRACKER_SECRET, 1, 1);
}

export interface TestAdvertiser {
  id: number;
  name: string;
  apiKey: string;
  postbackToken: string;
  signingSecret: string;
  postbackUrl: string;
}

export async function createAdvertiser(
  name = 'Advertiser',
  extra: Record<string, unknown> = {},
): Promise<TestAdvertiser> {
  const res = await asAdmin('/advertisers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, ...extra }),
  });
  if (res.status !== 201) throw new Error(`create advertiser: ${res.status} ${await res.text()}`);
  const { data } = await json(res);
  return {
    id: data.id,
    name: data.name,
    apiKey: data.api_key,
    postbackToken: data.postback_token,
    signingSecret: data.signing_secret,
    postbackUrl: data.postback_url,
  };
}

let defaultAdvertiserCredentials: Promise<TestAdvertiser> | undefined;

/**
 * Advertiser 1, which owns every campaign created without advertiser_id. Its migrated key is
 * unusable, so the first call issues one through the API; later calls in the same file reuse it.
 */
export function defaultAdvertiser(): Promise<TestAdvertiser> {
  defaultAdvertiserCredentials ??= (async () => {
    const rotated = await asAdmin('/advertisers/1/api-key', { method: 'POST' });
    if (rotated.status !== 200)
      throw new Error(`rotate advertiser 1 key: ${rotated.status} ${await rotated.text()}`);
    const apiKey = (await json(rotated)).data.api_key as string;
    const res = await asAdmin('/advertisers/1');
    if (res.status !== 200) throw new Error(`read advertiser 1: ${res.status} ${await res.text()}`);
    const { data } = await json(res);
    return {
      id: data.id,
      name: data.name,
      apiKey,
      postbackToken: data.postback_token,
      signingSecret: data.signing_secret,
      postbackUrl: data.postback_url,
    };
  })();
  // A failed attempt is not cached: the next caller tries again.
  defaultAdvertiserCredentials.catch(() => (defaultAdvertiserCredentials = undefined));
  return defaultAdvertiserCredentials;
}
