import { createDatabase } from '../db/client.ts';
import { ingestClicks } from '../db/queries/clicks.ts';
import type { Bindings, ClickMessage } from '../env.ts';
import { randomToken } from '../lib/crypto.ts';
import { clickRow } from '../tracking/click.ts';
import { backoffSeconds } from './backoff.ts';

/**
 * Queues deliver at least once, so a batch may arrive again after a crash or a failed ack.
 * ingestClicks keys rows by click_id and counts into the rollup only the rows this attempt
 * inserted, inside one transaction: a redelivered batch adds nothing.
 */
export async function consumeClicks(batch: MessageBatch<ClickMessage>, env: Bindings): Promise<void> {
  const db = createDatabase(env.DATABASE_URL);
  const unique = new Map(batch.messages.map((m) => [`${m.body.affiliateId}:${m.body.clickId}`, m.body]));
  try {
    await ingestClicks(db, [...unique.values()].map(clickRow), randomToken('', 16));
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    console.error(JSON.stringify({ msg: 'click batch failed, retrying', attempts, error: String(err) }));
    batch.retryAll({ delaySeconds: backoffSeconds(attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
  }
}
