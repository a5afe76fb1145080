import type { Bindings } from '../env.ts';
import { consumeOutgoingPostbacks } from './outgoing-postbacks.ts';
import { consumeClicks } from './clicks.ts';
import { consumePostbackLog } from './postback-log.ts';
import { consumePostbacks } from './postbacks.ts';
import { logEvent } from '../lib/log.ts';

export const queueNames = {
  clicks: 'tracker-clicks',
  postbacks: 'tracker-postbacks',
  outgoingPostbacks: 'tracker-outgoing-postbacks',
  postbackLog: 'tracker-postback-log',
  // The outgoing postback queue's former name, consumed until its backlog is drained (docs/operations.md).
  formerOutgoingPostbacks: 'tracker-affiliate-postbacks',
} as const;

export async function handleQueue(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  switch (batch.queue) {
    case queueNames.clicks:
      return consumeClicks(batch as MessageBatch<never>, env);
    case queueNames.postbacks:
      return consumePostbacks(batch as MessageBatch<never>, env);
    case queueNames.outgoingPostbacks:
    case queueNames.formerOutgoingPostbacks:
      return consumeOutgoingPostbacks(batch as MessageBatch<never>, env);
    case queueNames.postbackLog:
      return consumePostbackLog(batch as MessageBatch<never>, env);
    default:
      // Dead letters stay in their queue for inspection; nothing consumes them here.
      logEvent('error', { msg: 'unexpected queue', queue: batch.queue });
      batch.retryAll();
  }
}
