import { runLoad } from '../load/run-load.ts';
import type { LoadPlan } from '../load/plan.ts';
import { loadTicker, step } from '../progress.ts';
import type { ProxyRun } from '../results/types.ts';
import { startWranglerDevNoop } from '../runtime/wrangler-dev.ts';
import { BROWSER_HEADERS, type BenchContext } from './context.ts';

/** The same no-op worker through each local front door, to pick the one that adds least. */
export async function compareProxies(
  ctx: BenchContext,
  compatibilityDate: string,
): Promise<ProxyRun[]> {
  const seconds = Math.max(3, Math.round(ctx.flags.duration / 2));
  const plan = (label: string, origin: string): LoadPlan => ({
    label,
    origin,
    paths: ['/'],
    headers: BROWSER_HEADERS,
    connections: ctx.flags.connections,
    warmupSeconds: 1,
    durationSeconds: seconds,
    okStatuses: [200],
  });
  const runs: ProxyRun[] = [];
  const measure = async (mode: ProxyRun['mode'], origin: string) => {
    const load = await runLoad(plan(mode, origin), loadTicker(`no-op via ${mode}`, 1 + seconds));
    step(`  no-op via ${mode}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50Ms.toFixed(2)} ms`);
    runs.push({ mode, load });
  };
  step('comparing local front doors with the no-op worker');
  await measure('workerd direct socket', ctx.runtime.noopUrl);
  await measure('miniflare entry worker', ctx.runtime.entryUrl);
  try {
    const dev = await startWranglerDevNoop(compatibilityDate);
    try {
      await measure('wrangler dev', dev.url);
    } finally {
      await dev.stop();
    }
  } catch (err) {
    runs.push({ mode: 'wrangler dev', load: null, note: String(err).slice(0, 300) });
    step(`  wrangler dev not measured: ${String(err).slice(0, 200)}`);
  }
  return runs;
}
