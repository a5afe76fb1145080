import { setTimeout as sleep } from 'node:timers/promises';
import type { PlanetScaleEndpoint } from '../../dev/psdb/server.ts';
import { step } from '../progress.ts';
import type { BenchContext } from './context.ts';

/**
 * Waits until the click queue's consumer has written everything: no Execute reached the
 * endpoint for longer than the queue's 1 s batch timeout. Returns the seconds it took.
 */
export async function waitForConsumer(
  endpoint: PlanetScaleEndpoint,
  onWait: (seconds: number) => void,
  maxSeconds = 180,
): Promise<number> {
  const started = Date.now();
  let last = endpoint.stats().executes;
  let quietSince = Date.now();
  let reported = 0;
  while (Date.now() - quietSince < 2500) {
    await sleep(250);
    const now = endpoint.stats().executes;
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
    const waited = (Date.now() - started) / 1000;
    if (waited > maxSeconds)
      throw new Error(`the click queue consumer was still writing after ${maxSeconds} s`);
    if (waited - reported >= 5) {
      reported = waited;
      onWait(waited);
    }
  }
  return (Date.now() - started) / 1000;
}

/** Drains at the near latency: the backlog's Executes count the same, and it goes faster. */
export async function drainClickQueue(ctx: BenchContext): Promise<void> {
  ctx.db.endpoint.setLatency(ctx.flags.latencies[0]!);
  const seconds = await waitForConsumer(ctx.db.endpoint, (s) =>
    step(`  waiting for the click queue consumer (${s.toFixed(0)} s)`),
  );
  if (seconds > 3) step(`  click queue drained in ${seconds.toFixed(1)} s`);
}
