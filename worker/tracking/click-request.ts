import type { Context, Input } from 'hono';
import { accepts } from 'hono/accepts';
import type { AppEnv } from '../app-env.ts';

const BOTS = /bot|crawler|spider|slurp|facebookexternalhit|embedly|preview|headlesschrome|lighthouse|pingdom|uptimerobot|monitor/i;

// Known crawlers and link previewers follow tracking links but are not people: they are redirected, not counted.
export function isBot(userAgent: string | undefined, cf: unknown): boolean {
  const verified = (cf as { botManagement?: { verifiedBot?: boolean } } | undefined)?.botManagement?.verifiedBot;
  return verified === true || (!!userAgent && BOTS.test(userAgent));
}

export function clip(value: string | undefined | null, max: number): string | null {
  if (!value) return null;
  return value.replace(/[\x00-\x1F\x7F]/g, '').slice(0, max) || null;
}

type Format = 'json' | 'redirect' | undefined;

// format wins; otherwise a browser following a link prefers HTML and an API caller JSON (q-values respected).
export function asksForJson<P extends string, I extends Input>(c: Context<AppEnv, P, I>, format: Format): boolean {
  if (format) return format === 'json';
  return accepts(c, { header: 'Accept', supports: ['text/html', 'application/json'], default: 'text/html' }) === 'application/json';
}

// Who gets the visitor page instead of a JSON error: a browser always sends Accept; a script sending none keeps JSON.
export function isBrowser<P extends string, I extends Input>(c: Context<AppEnv, P, I>, format: string | undefined): boolean {
  if (format === 'json') return false;
  if (format === 'redirect') return true;
  return !!c.req.header('accept') && !asksForJson(c, undefined);
}

const COUNTRY = /^[A-Z]{2}$|^T1$/;

// The visitor's country as Cloudflare saw it. `npm run dev` (LOCAL_COUNTRY_OVERRIDE=true) may instead name one
// with ?country=DE or an X-Country header; a deployed worker has no such var and ignores both.
export function visitorCountry(c: Context<AppEnv>): string | null {
  if (c.var.settings.LOCAL_COUNTRY_OVERRIDE === 'true') {
    const simulated = (c.req.query('country') ?? c.req.header('x-country') ?? '').toUpperCase();
    if (COUNTRY.test(simulated)) return simulated;
  }
  const country = (c.req.raw.cf as { country?: string } | undefined)?.country;
  return country && COUNTRY.test(country) ? country : null;
}
