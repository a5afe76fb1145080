import type { Bindings } from '../env.ts';
import { destinationPolicy } from '../lib/postback-destination.ts';
import { buildServices } from '../services.ts';
import { deliverAffiliatePostback } from '../tracking/affiliate-postback.ts';
import type { AffiliatePostbackMessage } from './messages.ts';
import { backoffSeconds } from './backoff.ts';
import { logEvent } from '../lib/log.ts';

export async function consumeAffiliatePostbacks(
  batch: MessageBatch<AffiliatePostbackMessage>,
  env: Bindings,
): Promise<void> {
  const { db, settings } = buildServices(env);
  const policy = destinationPolicy(settings);
  for (const message of batch.messages) {
    try {
      const result = await deliverAffiliatePostback(db, message.body, message.attempts, policy);
      if (result === 'retry') {
        message.retry({
          delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS),
        });
      } else {
        message.ack();
      }
    } catch (err) {
      logEvent('error', { msg: 'affiliate postback failed', error: String(err) });
      message.retry({
        delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS),
      });
    }
  }
}
