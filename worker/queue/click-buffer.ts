import { logEvent } from '../lib/log.ts';
import type { ClickMessage } from './messages.ts';

const SEND_DELAY_MS = 10;
const MAX_BATCH = 100;

let buffered: ClickMessage[] = [];
let sendScheduled = false;

/**
 * Collects the clicks an isolate sees within a few milliseconds into one sendBatch. The request
 * that finds no send scheduled owns it: its waitUntil keeps the isolate alive until the batch is
 * handed over; the others only add their click and wait on nothing (a request must not await
 * another request's I/O). A failed send goes to `fallback` so the clicks are still not lost.
 */
export function bufferClick(
  queue: Queue<ClickMessage>,
  message: ClickMessage,
  fallback: (messages: ClickMessage[]) => Promise<void>,
): Promise<void> | undefined {
  buffered.push(message);
  if (sendScheduled) return undefined;
  sendScheduled = true;
  return (async () => {
    await new Promise((resolve) => setTimeout(resolve, SEND_DELAY_MS));
    const batch = buffered;
    buffered = [];
    sendScheduled = false;
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const chunk = batch.slice(i, i + MAX_BATCH);
      try {
        await queue.sendBatch(chunk.map((body) => ({ body })));
      } catch (err) {
        logEvent('error', {
          msg: 'click queue send failed, writing directly',
          clicks: chunk.length,
          error: String(err),
        });
        await fallback(chunk);
      }
    }
  })();
}
