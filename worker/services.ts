import type { ConfigSource } from './config/read-model.ts';
import { createDatabase, type Database } from './db/client.ts';
import { type Bindings, type Settings, settingsOf } from './env.ts';
import { recountFrom } from './money/cap-seed.ts';
import { type CapCounterClient, capCounterClient } from './money/caps.ts';
import type { ReviewDeps } from './review/review.ts';
import type { PostbackDeps } from './tracking/postback.ts';

export interface Services {
  settings: Settings;
  db: Database;
  config: ConfigSource;
  caps: CapCounterClient;
  /** What recording a postback takes (worker/tracking/postback.ts). */
  postback: PostbackDeps;
  /** What a review takes (worker/review/review.ts). */
  review: ReviewDeps;
}

export interface ServiceOptions {
  // A deferred postback reads affiliates and campaigns as they are now, not as an isolate cached them.
  freshConfig?: boolean;
}

/**
 * The one place requests, queue consumers and the cron get their dependencies. Built per request
 * or batch: the database client holds no connection, only the URL and credentials.
 */
export function buildServices(env: Bindings, opts: ServiceOptions = {}): Services {
  const settings = settingsOf(env);
  const db = createDatabase(settings.DATABASE_URL);
  const config: ConfigSource = {
    kv: env.TRACKING_CONFIG,
    db: () => db,
    ttlSeconds: opts.freshConfig ? 0 : settings.CONFIG_CACHE_SECONDS,
  };
  const caps = capCounterClient(env.CAPS, recountFrom(db, env.CAPS));
  const outgoingPostbacks = env.OUTGOING_POSTBACK_QUEUE;
  return {
    settings,
    db,
    config,
    caps,
    postback: {
      db,
      config,
      trackerSecret: settings.TRACKER_SECRET,
      adminToken: settings.ADMIN_TOKEN,
      outgoingPostbacks,
      caps,
      budgets: {
        duplicates: env.POSTBACK_DUPLICATE_LIMITER,
        affiliateReports: env.AFFILIATE_REPORT_LIMITER,
      },
    },
    // A review that rejects a counted conversion frees its place under the cap; one that approves a
    // cap_reached conversion takes a place, or is refused while the cap is full.
    review: { db, config, outgoingPostbacks, caps },
  };
}
