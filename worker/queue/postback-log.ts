import { insertPostbackLog } from '../db/queries/postback-log.ts';
import type { Bindings } from '../env.ts';
import { logEvent } from '../lib/log.ts';
import { logRowOf } from '../postback-log/row.ts';
import { buildServices } from '../services.ts';
import { backoffSeconds } from './backoff.ts';
import type { PostbackLogMessage } from './messages.ts';

/**
 * Writes a batch of postback attempts (up to 100, wrangler.toml) in one INSERT, so the flight
 * recorder costs one database round trip per batch and none on the postback's own path. A failed
 * batch is retried whole; a redelivery after a lost ack may record an attempt twice, which a log
 * can bear better than losing one.
 */
export async function consumePostbackLog(
  batch: MessageBatch<PostbackLogMessage>,
  env: Bindings,
): Promise<void> {
  const { db, settings } = buildServices(env);
  const now = new Date();
  const rows = batch.messages.flatMap((m) => logRowOf(m.body, now) ?? []);
  if (rows.length < batch.messages.length)
    logEvent('error', {
      msg: 'postback log: messages that are not attempts were dropped',
      dropped: batch.messages.length - rows.length,
    });
  try {
    await insertPostbackLog(db, rows);
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    logEvent('error', { msg: 'postback log batch failed, retrying', attempts, error: String(err) });
    batch.retryAll({ delaySeconds: backoffSeconds(attempts, settings.RETRY_BASE_SECONDS) });
  }
}
