import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  type QueueResult,
} from 'cloudflare:test';
import type { Bindings } from '../../env.ts';
import worker from '../../index.ts';

export interface Delivery<Body> {
  id: string;
  body: Body;
  attempts?: number;
}

// Hands one batch to the worker's queue handler, as the Queues runtime would, and reports acks and retries.
export async function deliver<Body>(
  queue: string,
  messages: Delivery<Body>[],
): Promise<QueueResult> {
  const batch = createMessageBatch<Body>(
    queue,
    messages.map((m) => ({
      id: m.id,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.body,
    })),
  );
  const ctx = createExecutionContext();
  const handler: ExportedHandler<Bindings> = worker;
  await handler.queue!(batch as MessageBatch<unknown>, env as unknown as Bindings, ctx);
  return getQueueResult(batch, ctx);
}

// Ids the handler asked to see again: retried one by one, or the whole batch.
export function retriedIds(result: QueueResult, all: string[]): string[] {
  if (result.retryBatch.retry) return all;
  return result.retryMessages.map((m) => m.msgId);
}
