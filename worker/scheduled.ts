import { pruneClickFingerprints } from './db/queries/clicks.ts';
import type { Bindings } from './env.ts';
import { logEvent } from './lib/log.ts';
import { buildServices } from './services.ts';

const FINGERPRINT_DAYS_KEPT = 2;

// Daily housekeeping (wrangler.toml [triggers]): drops click fingerprints of days that can no longer matter.
export async function handleScheduled(controller: ScheduledController, env: Bindings): Promise<void> {
  const before = new Date(controller.scheduledTime - FINGERPRINT_DAYS_KEPT * 86_400_000).toISOString().slice(0, 10);
  const removed = await pruneClickFingerprints(buildServices(env).db, before);
  logEvent('info', { msg: 'pruned click fingerprints', before, removed });
}
