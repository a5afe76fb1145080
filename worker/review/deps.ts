import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { ReviewDeps } from './review.ts';

export function reviewDeps(c: Context<AppEnv>): ReviewDeps {
  return {
    db: c.var.db,
    config: c.var.config,
    affiliatePostbacks: c.env.AFFILIATE_POSTBACK_QUEUE,
    // The CapCounter Durable Object's client goes here once it exists: with it, a review that
    // rejects a counted conversion frees its place under the cap, and one that approves a
    // cap_reached conversion takes a place (or is refused while the cap is full). Without it,
    // changeStatus leaves cap counters alone.
    caps: undefined,
  };
}
