import type { Bindings } from '../env.ts';
import { buildServices } from '../services.ts';
import { deliverAffiliatePostback } from '../tracking/affiliate-postback.ts';
import type { AffiliatePostbackMessage } from './messages.ts';
import { backoffSeconds } from './backoff.ts';

export async function consumeAffiliatePostbacks(batch: MessageBatch<AffiliatePostbackMessage>, env: Bindings): Promise<void> {
  const { db, settings } = buildServices(env);
  for (const message of batch.messages) {
    try {
      const result = await deliverAffiliatePostback(db, message.body, message.attempts);
      if (result === 'retry') {
        message.retry({ delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS) });
      } else {
        message.ack();
      }
    } catch (err) {
      console.error(JSON.stringify({ msg: 'affiliate postback failed', error: String(err) }));
      message.retry({ delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS) });
    }
  }
}
