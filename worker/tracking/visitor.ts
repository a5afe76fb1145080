import type { Context } from 'hono';
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

// A browser following a link asks for HTML; an API caller asks for JSON.
export function wantsJson(accept: string | undefined, format: string | undefined): boolean {
  if (format === 'json') return true;
  if (format === 'redirect') return false;
  return !!accept && accept.includes('application/json') && !accept.includes('text/html');
}

// Who gets the visitor page instead of a JSON error: a browser always sends Accept; a script sending none keeps JSON.
export function isBrowser(accept: string | undefined, format: string | undefined): boolean {
  if (format === 'json') return false;
  if (format === 'redirect') return true;
  return !!accept && !wantsJson(accept, undefined);
}

const COUNTRY = /^[A-Z]{2}$|^T1$/;

// The visitor's country as Cloudflare saw it. `npm run dev` (LOCAL_COUNTRY_OVERRIDE=true) may instead name one
// with ?country=DE or an X-Country header; a deployed worker has no such var and ignores both.
export function visitorCountry(c: Context<AppEnv>): string | null {
  if (c.env.LOCAL_COUNTRY_OVERRIDE === 'true') {
    const simulated = (c.req.query('country') ?? c.req.header('x-country') ?? '').toUpperCase();
    if (COUNTRY.test(simulated)) return simulated;
  }
  const country = (c.req.raw.cf as { country?: string } | undefined)?.country;
  return country && COUNTRY.test(country) ? country : null;
}
