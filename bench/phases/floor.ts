import { runLoad } from '../load/run-load.ts';
import { loadTicker, step } from '../progress.ts';
import type { FloorRun } from '../results/types.ts';
import { BROWSER_HEADERS, type BenchContext } from './context.ts';

const STEPS: { step: FloorRun['step']; path: string; ok: number[] }[] = [
  { step: 'noop', path: '', ok: [200] },
  { step: 'hmac + 302', path: '/hmac', ok: [302] },
  { step: 'hmac + queue send + 302', path: '/queue', ok: [302] },
  { step: 'hmac + buffered sendBatch + 302', path: '/buffered', ok: [302] },
  { step: 'rate limit + hmac + 302', path: '/ratelimit', ok: [302] },
  { step: 'rate limit + hmac + queue send + 302', path: '/all', ok: [302] },
];

/** What the redirect's bindings cost in this runtime without any of the app: the ceiling the tracker can reach here. */
export async function measureFloor(ctx: BenchContext): Promise<FloorRun[]> {
  const seconds = Math.max(3, Math.round(ctx.flags.duration / 2));
  step('redirect floor: the bindings a click needs, without the app');
  const runs: FloorRun[] = [];
  let noopRps = 0;
  for (const s of STEPS) {
    const load = await runLoad(
      {
        label: s.step,
        origin: s.step === 'noop' ? ctx.runtime.noopUrl : ctx.runtime.floorUrl,
        paths: [s.path || '/'],
        headers: BROWSER_HEADERS,
        manyVisitors: true,
        connections: ctx.flags.connections,
        warmupSeconds: 1,
        durationSeconds: seconds,
        okStatuses: s.ok,
      },
      loadTicker(`floor: ${s.step}`, 1 + seconds),
    );
    if (s.step === 'noop') noopRps = load.rps;
    const vsNoop = noopRps ? load.rps / noopRps : 0;
    step(
      `  ${s.step}: ${load.rps.toFixed(0)} req/s (${vsNoop.toFixed(2)}× no-op), p50 ${load.p50Ms.toFixed(2)} ms`,
    );
    runs.push({ step: s.step, load, vsNoop });
  }
  return runs;
}
