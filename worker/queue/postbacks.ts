import { createDatabase } from '../db/client.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { recordPostback, type PostbackInput } from '../tracking/postback.ts';
import { tokenReference, type PostbackCredential } from '../tracking/postback-auth.ts';
import { backoffSeconds } from './backoff.ts';
import { logEvent } from '../lib/log.ts';

// Longer than the click queue's own retries (max_retries in wrangler.toml) can keep a click waiting.
export const CLICK_WAIT_ATTEMPTS = 12;

export interface DeferredPostback {
  input: PostbackInput;
  credential: PostbackCredential;
  receivedAt: string;
}

/**
 * The queue message for a postback accepted while the database was down. Queue messages can be
 * read by more people than secrets can, so the token travels as a keyed reference that only
 * proves, when applied, that the sender held it. A signature is no secret: it covers one payload,
 * and a replay cannot move a status backwards.
 */
export async function deferredPostback(
  trackerSecret: string,
  input: PostbackInput,
  credential: PostbackCredential,
  receivedAt: Date,
): Promise<DeferredPostback> {
  const { token, ...fields } = input;
  const presented = token ?? credential.token;
  return {
    input: fields,
    credential: {
      ...(presented && { tokenReference: await tokenReference(trackerSecret, presented) }),
      ...(credential.signature !== undefined && { signature: credential.signature, payload: credential.payload }),
    },
    receivedAt: receivedAt.toISOString(),
  };
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
  for (const message of batch.messages) {
    const { input, credential, receivedAt } = message.body;
    try {
      await recordPostback(deps, input, credential, new Date(receivedAt), { recount: true });
      message.ack();
    } catch (err) {
      if (err instanceof ApiError && err.cause === 'unknown_click' && message.attempts < CLICK_WAIT_ATTEMPTS) {
        // Its click may still be queued behind it (both were deferred during an outage): look again later.
        message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
      } else if (err instanceof ApiError) {
        logEvent('error', { msg: 'deferred postback refused', code: err.code, error: err.message });
        message.ack();
      } else {
        if (!isDatabaseUnavailable(err)) logEvent('error', { msg: 'deferred postback failed', error: String(err) });
        message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
      }
    }
  }
}
