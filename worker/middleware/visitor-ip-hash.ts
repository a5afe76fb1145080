import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { hashIp } from '../lib/secrets.ts';

// The visitor's salted IP hash, computed once per request (rate limits and the click row both need it).
export async function visitorIpHash(c: Context<AppEnv>): Promise<string | null> {
  const known = c.get('visitorIpHash');
  if (known !== undefined) return known;
  const ip = c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip');
  const hash = ip ? await hashIp(c.var.settings.TRACKER_SECRET, ip) : null;
  c.set('visitorIpHash', hash);
  return hash;
}
