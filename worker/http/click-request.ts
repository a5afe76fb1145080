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

export type NotCounted = 'head_request' | 'crawler';

// Why a click is not recorded (nor counted against click caps), or null when it is: a HEAD request
// is no visit, and a crawler or scripted HTTP client following a link is no visitor. An API call's
// user agent is the caller's server, so it is recorded whatever it says.
export function notCountedReason(c: Context<AppEnv>, apiCall: boolean): NotCounted | null {
  if (c.req.method === 'HEAD') return 'head_request';
  if (!apiCall && isCrawler(c.req.header('user-agent'), c.req.raw.cf)) return 'crawler';
  return null;
}

// What a person reading the answer of an uncounted click (curl, say) is told.
export function notCountedMessage(reason: NotCounted, userAgent: string | undefined): string {
  if (reason === 'head_request') return 'Click not counted: a HEAD request is not a visit';
  return `Click not counted: the user agent (${(userAgent ?? 'none').slice(0, 80).replace(/[^\x20-\x7E]/g, '?')}) is a crawler or an HTTP client, not a visitor's browser; open the link in a browser, or ask for JSON (format=json) to record an API click`;
}
