import { createDatabase } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { conversionEvent, type LiveEvent } from '../live/events.ts';
import { publishLive } from '../live/publish.ts';
import { recordPostback, type PostbackInput } from '../tracking/postback.ts';
import type { PostbackCredential } from '../tracking/postback-auth.ts';
import { backoffSeconds } from './backoff.ts';

// Longer than the click queue's own retries (max_retries in wrangler.toml) can keep a click waiting.
export const CLICK_WAIT_ATTEMPTS = 12;

export interface DeferredPostback {
  input: PostbackInput;
  credential: PostbackCredential;
  receivedAt: string;
}

/**
 * Postbacks accepted while the database was down. Applying one twice is safe: the
 * (click, event, txid) key makes the second a duplicate, and `recount` repairs the rollup.
 */
export async function consumePostbacks(batch: MessageBatch<DeferredPostback>, env: Bindings): Promise<void> {
  const db = createDatabase(env.DATABASE_URL);
  const deps = {
    db,
    config: { kv: env.TRACKING_CONFIG, db: () => db, ttlSeconds: 0 },
    trackerSecret: env.TRACKER_SECRET,
    affiliatePostbacks: env.AFFILIATE_POSTBACK_QUEUE,
  };
  const events: LiveEvent[] = [];
  for (const message of batch.messages) {
    const { input, credential, receivedAt } = message.body;
    try {
      const { conversion, result } = await recordPostback(deps, input, credential, new Date(receivedAt), { recount: true });
      events.push(...conversionEvent(conversion, result));
      message.ack();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not_found' && message.attempts < CLICK_WAIT_ATTEMPTS) {
        // Its click may still be queued behind it (both were deferred during an outage): look again later.
        message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
      } else if (err instanceof ApiError) {
        console.error(JSON.stringify({ msg: 'deferred postback refused', code: err.code, error: err.message }));
        message.ack();
      } else {
        if (!isDatabaseUnavailable(err)) console.error(JSON.stringify({ msg: 'deferred postback failed', error: String(err) }));
        message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
      }
    }
  }
  await publishLive(env, events);
}
