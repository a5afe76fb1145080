import { createDatabase, type Database } from './db/client.ts';
import { settingsOf, type Bindings, type Settings } from './env.ts';
import type { ConfigSource } from './config/read-model.ts';
import { recountFrom } from './money/cap-seed.ts';
import { capCounterClient } from './money/caps.ts';
import type { PostbackDeps } from './tracking/postback.ts';

export interface Services {
  settings: Settings;
  db: Database;
  config: ConfigSource;
}

// The one place requests, queue consumers and the cron get their database and config cache.
export function buildServices(env: Bindings): Services {
  const settings = settingsOf(env);
  const db = createDatabase(settings.DATABASE_URL);
  return {
    settings,
    db,
    config: { kv: env.TRACKING_CONFIG, db: () => db, ttlSeconds: settings.CONFIG_CACHE_SECONDS },
  };
}

export function postbackDeps(env: Bindings, services: Services): PostbackDeps {
  return {
    db: services.db,
    config: services.config,
    trackerSecret: services.settings.TRACKER_SECRET,
    adminToken: services.settings.ADMIN_TOKEN,
    affiliatePostbacks: env.AFFILIATE_POSTBACK_QUEUE,
    caps: capCounterClient(env.CAPS, recountFrom(services.db, env.CAPS)),
    budgets: {
      duplicates: env.POSTBACK_DUPLICATE_LIMITER,
      affiliateReports: env.AFFILIATE_REPORT_LIMITER,
    },
  };
}
