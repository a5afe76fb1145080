import { runLoad } from '../load/run-load.ts';
import { loadTicker, step } from '../progress.ts';
import type { DistanceCheck } from '../results/types.ts';
import type { BenchContext } from './context.ts';
import { drainClickQueue } from './drain.ts';
import { scenarioPlan } from './scenarios.ts';

const PAIRS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The redirect at the near and the far database latency in back-to-back pairs, so a neighbour's
 * load on a shared machine lands on both sides of each difference instead of on one run.
 */
export async function measureRedirectDistance(ctx: BenchContext): Promise<DistanceCheck> {
  const [near, far] = [ctx.flags.latencies[0]!, ctx.flags.latencies.at(-1)!];
  const seconds = Math.max(3, Math.round(ctx.flags.duration / 2));
  step(
    `redirect p50/p99 with the database ${near} ms vs ${far} ms away, ${PAIRS} back-to-back pairs`,
  );
  const pairs: DistanceCheck['pairs'] = [];
  for (let i = 0; i < PAIRS; i++) {
    const side = async (latency: number) => {
      ctx.db.endpoint.setLatency(latency);
      const plan = {
        ...scenarioPlan(ctx, 'redirect', []),
        warmupSeconds: 1,
        durationSeconds: seconds,
      };
      return runLoad(plan, loadTicker(`redirect @ ${latency} ms (pair ${i + 1})`, 1 + seconds));
    };
    const nearRun = await side(near);
    const farRun = await side(far);
    step(
      `  pair ${i + 1}: p50 ${nearRun.p50Ms.toFixed(2)} → ${farRun.p50Ms.toFixed(2)} ms, p99 ${nearRun.p99Ms.toFixed(2)} → ${farRun.p99Ms.toFixed(2)} ms`,
    );
    pairs.push({ near: nearRun, far: farRun });
  }
  await drainClickQueue(ctx);
  return {
    nearMs: near,
    farMs: far,
    pairs,
    p50ShiftMs: median(pairs.map((p) => p.far.p50Ms - p.near.p50Ms)),
    p99ShiftMs: median(pairs.map((p) => p.far.p99Ms - p.near.p99Ms)),
  };
}
