import type { Bindings } from '../env.ts';
import { consumeAffiliatePostbacks } from './affiliate-postbacks.ts';
import { consumeClicks } from './clicks.ts';
import { consumePostbackLog } from './postback-log.ts';
import { consumePostbacks } from './postbacks.ts';
import { logEvent } from '../lib/log.ts';

export const queueNames = {
  clicks: 'tracker-clicks',
  postbacks: 'tracker-postbacks',
  affiliatePostbacks: 'tracker-affiliate-postbacks',
  postbackLog: 'tracker-postback-log',
} as const;

export async function handleQueue(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  switch (batch.queue) {
    case queueNames.clicks:
      return consumeClicks(batch as MessageBatch<never>, env);
    case queueNames.postbacks:
      return consumePostbacks(batch as MessageBatch<never>, env);
    case queueNames.affiliatePostbacks:
      return consumeAffiliatePostbacks(batch as MessageBatch<never>, env);
    case queueNames.postbackLog:
      return consumePostbackLog(batch as MessageBatch<never>, env);
    default:
      // Dead letters stay in their queue for inspection; nothing consumes them here.
      logEvent('error', { msg: 'unexpected queue', queue: batch.queue });
      batch.retryAll();
  }
}
