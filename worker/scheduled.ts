import { pruneClickFingerprints } from './db/queries/clicks.ts';
import { prunePostbackLog } from './db/queries/postback-log.ts';
import { toMysqlDatetime } from './db/time.ts';
import type { Bindings } from './env.ts';
import { logEvent } from './lib/log.ts';
import { buildServices } from './services.ts';

const FINGERPRINT_DAYS_KEPT = 2;
const DAY_MS = 86_400_000;

/**
 * Daily housekeeping (wrangler.toml [triggers]): drops click fingerprints of days that can no
 * longer matter and postback log entries older than POSTBACK_LOG_DAYS. Each job runs even when
 * the other fails; a failure is reported after both had their turn.
 */
export async function handleScheduled(
  controller: ScheduledController,
  env: Bindings,
): Promise<void> {
  const { db, settings } = buildServices(env);
  const failures: unknown[] = [];
  const job = async (name: string, run: () => Promise<Record<string, unknown>>) => {
    try {
      logEvent('info', { msg: name, ...(await run()) });
    } catch (err) {
      logEvent('error', { msg: `${name} failed`, error: String(err) });
      failures.push(err);
    }
  };
  await job('pruned click fingerprints', async () => {
    const before = new Date(controller.scheduledTime - FINGERPRINT_DAYS_KEPT * DAY_MS)
      .toISOString()
      .slice(0, 10);
    return { before, removed: await pruneClickFingerprints(db, before) };
  });
  await job('pruned postback log', async () => {
    const before = toMysqlDatetime(
      new Date(controller.scheduledTime - settings.POSTBACK_LOG_DAYS * DAY_MS),
    );
    return { before, removed: await prunePostbackLog(db, before) };
  });
  if (failures.length) throw failures[0];
}
