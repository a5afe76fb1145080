import type { Context, Input } from 'hono';
import { accepts } from 'hono/accepts';
import type { AppEnv } from '../app-env.ts';
import { isCrawler } from '../quality/bots.ts';

type Format = 'json' | 'redirect' | undefined;

// format wins; otherwise a browser following a link prefers HTML and an API caller JSON (q-values respected).
export function asksForJson<P extends string, I extends Input>(
  c: Context<AppEnv, P, I>,
  format: Format,
): boolean {
  if (format) return format === 'json';
  return (
    accepts(c, {
      header: 'Accept',
      supports: ['text/html', 'application/json'],
      default: 'text/html',
    }) === 'application/json'
  );
}

// Who gets the visitor page instead of a JSON error: a browser always sends Accept; a script sending none keeps JSON.
export function isBrowser<P extends string, I extends Input>(
  c: Context<AppEnv, P, I>,
  format: string | undefined,
): boolean {
  if (format === 'json') return false;
  if (format === 'redirect') return true;
  return !!c.req.header('accept') && !asksForJson(c, undefined);
}

// Whether a click is recorded (and counted against click caps): not a HEAD request, and either an API
// call (its user agent is the caller's server, not a crawler following a link) or no crawler.
export function countsAsClick(c: Context<AppEnv>, apiCall: boolean): boolean {
  return (
    c.req.method !== 'HEAD' && (apiCall || !isCrawler(c.req.header('user-agent'), c.req.raw.cf))
  );
}
