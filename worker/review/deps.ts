import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { recountFrom } from '../money/cap-seed.ts';
import { capCounterClient } from '../money/caps.ts';
import type { ReviewDeps } from './review.ts';

export function reviewDeps(c: Context<AppEnv>): ReviewDeps {
  return {
    db: c.var.db,
    config: c.var.config,
    affiliatePostbacks: c.env.AFFILIATE_POSTBACK_QUEUE,
    // A review that rejects a counted conversion frees its place under the cap; one that approves a
    // cap_reached conversion takes a place, or is refused while the cap is full.
    caps: capCounterClient(c.env.CAPS, recountFrom(c.var.db, c.env.CAPS)),
  };
}
