import type { Bindings } from '../env.ts';
import { destinationPolicy } from '../lib/postback-destination.ts';
import { buildServices } from '../services.ts';
import { deliverOutgoingPostback } from '../tracking/outgoing-postback.ts';
import type { OutgoingPostbackMessage } from './messages.ts';
import { backoffSeconds } from './backoff.ts';
import { logEvent } from '../lib/log.ts';

export async function consumeOutgoingPostbacks(
  batch: MessageBatch<OutgoingPostbackMessage>,
  env: Bindings,
): Promise<void> {
  const { db, settings } = buildServices(env);
  const policy = destinationPolicy(settings);
  for (const message of batch.messages) {
    try {
      const result = await deliverOutgoingPostback(db, message.body, message.attempts, policy);
      if (result === 'retry') {
        message.retry({
          delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS),
        });
      } else {
        message.ack();
      }
    } catch (err) {
      logEvent('error', { msg: 'outgoing postback failed', error: String(err) });
      message.retry({
        delaySeconds: backoffSeconds(message.attempts, settings.RETRY_BASE_SECONDS),
      });
    }
  }
}
