import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError, errorBody } from '../errors.ts';
import { logEvent } from '../lib/log.ts';
import { visitorIpHash } from './visitor-ip-hash.ts';

// Periods of the [[ratelimits]] bindings in wrangler.toml; Retry-After is derived from them.
export const CLICK_LIMIT_PERIOD_SECONDS = 10;
export const AUTH_FAILURE_PERIOD_SECONDS = 60;

// Loopback never reaches a deployed worker (Cloudflare sets the visitor's address), only tools on the same host.
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

// Salted hash of the visitor's address, or undefined when there is no edge-provided address to limit on.
async function clientKey(c: Context<AppEnv>): Promise<string | undefined> {
  const ip = c.req.header('cf-connecting-ip');
  if (!ip || LOOPBACK.test(ip)) return undefined;
  return (await visitorIpHash(c)) ?? undefined;
}

// A limiter outage must not take tracking down with it, so an error counts as allowed.
export async function allowed(limiter: RateLimit, key: string): Promise<boolean> {
  try {
    return (await limiter.limit({ key })).success;
  } catch (err) {
    logEvent('error', { msg: 'rate limiter failed, allowing', error: String(err) });
    return true;
  }
}

function rateLimited(what: string, seconds: number): ApiError {
  return new ApiError(
    'rate_limited',
    `Too many ${what} from this address; retry in ${seconds} seconds`,
    {
      headers: { 'Retry-After': String(seconds) },
    },
  );
}

// Visitors this isolate saw in the current period: only their repeat clicks are worth a limiter call.
const recentVisitors = new Map<string, number>();

function seenRecently(key: string): boolean {
  const now = Date.now();
  const seenAt = recentVisitors.get(key);
  if (seenAt !== undefined && now - seenAt < CLICK_LIMIT_PERIOD_SECONDS * 1000) return true;
  if (recentVisitors.size > 50_000) recentVisitors.clear();
  recentVisitors.set(key, now);
  return false;
}

/**
 * Tracking links are limited per visitor address, so one client cannot flood clicks. A visitor's
 * first click in an isolate's period skips the shared limiter: nearly every real click is a first
 * click, and a flood repeats, so it reaches the limiter from its second request on.
 */
export function clickRateLimit(): MiddlewareHandler<AppEnv> {
  return async function clickRateLimit(c, next) {
    const key = await clientKey(c);
    if (key && seenRecently(key) && !(await allowed(c.env.CLICK_RATE_LIMITER, key))) {
      throw rateLimited('clicks', CLICK_LIMIT_PERIOD_SECONDS);
    }
    await next();
  };
}

// Addresses over the failure limit, so this isolate answers their next failures without a limiter call.
const blockedUntil = new Map<string, number>();

// /postback and every vendor preset under it (/postback/{preset}), but not /postback-log.
const POSTBACK_PATH = /^\/postback(\/[^/]+)?$/;

function presentsCredentials(c: Context<AppEnv>): boolean {
  return c.req.header('authorization') !== undefined || POSTBACK_PATH.test(c.req.path);
}

/**
 * Counts 401 answers (wrong API keys, postback tokens or signatures, and unknown click ids from
 * callers who are not authenticated) per visitor address; past the limit, failing answers become
 * 429 for the period. The credential is always checked first and only failures are touched, so an
 * advertiser sharing an address (NAT, cloud egress) with a guesser is never locked out.
 */
export function authFailureLimit(): MiddlewareHandler<AppEnv> {
  return async function authFailureLimit(c, next) {
    await next();
    if (c.res.status !== 401) return;
    const key = presentsCredentials(c) ? await clientKey(c) : undefined;
    if (!key) return;
    let until = blockedUntil.get(key) ?? 0;
    if (until <= Date.now()) {
      if (await allowed(c.env.AUTH_FAILURE_RATE_LIMITER, key)) return;
      if (blockedUntil.size > 10_000) blockedUntil.clear();
      until = Date.now() + AUTH_FAILURE_PERIOD_SECONDS * 1000;
      blockedUntil.set(key, until);
    }
    const err = rateLimited('failed authentications', Math.ceil((until - Date.now()) / 1000));
    c.res = new Response(JSON.stringify(errorBody(err)), {
      status: err.status,
      headers: { 'Content-Type': 'application/json', ...err.headers },
    });
  };
}
