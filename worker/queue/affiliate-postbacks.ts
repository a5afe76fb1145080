import { createDatabase } from '../db/client.ts';
import type { Bindings } from '../env.ts';
import { destinationPolicy } from '../lib/postback-destination.ts';
import { deliverAffiliatePostback, type AffiliatePostbackMessage } from '../tracking/affiliate-postback.ts';
import { backoffSeconds } from './backoff.ts';
import { logEvent } from '../lib/log.ts';

export async function consumeAffiliatePostbacks(batch: MessageBatch<AffiliatePostbackMessage>, env: Bindings): Promise<void> {
  const db = createDatabase(env.DATABASE_URL);
  const policy = destinationPolicy(env);
  for (const message of batch.messages) {
    try {
      const result = await deliverAffiliatePostback(db, message.body, message.attempts, policy);
      if (result === 'retry') {
        message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
      } else {
        message.ack();
      }
    } catch (err) {
      logEvent('error', { msg: 'affiliate postback failed', error: String(err) });
      message.retry({ delaySeconds: backoffSeconds(message.attempts, Number(env.RETRY_BASE_SECONDS ?? 5)) });
    }
  }
}
