import { runLoad } from '../load/run-load.ts';
import type { LoadResult } from '../load/plan.ts';
import { loadTicker, step } from '../progress.ts';
import type { PathRun, ScenarioName } from '../results/types.ts';
import { harvestClickIds, type SignedClick } from './click-ids.ts';
import { countRows, type BenchContext } from './context.ts';
import { drainClickQueue } from './drain.ts';
import {
  probeJsonClickRoundTrips,
  probePostbackRoundTrips,
  type JsonClickProbe,
  type RoundTripProbe,
} from './round-trips.ts';
import { scenarioPlan } from './scenarios.ts';

// Postback leads the far run after its baseline, so the two postback runs sit close in time.
const NEAR_ORDER: ScenarioName[] = ['noop', 'redirect', 'click_json', 'postback'];
const FAR_ORDER: ScenarioName[] = ['noop', 'postback', 'click_json', 'redirect'];

async function measure(
  ctx: BenchContext,
  scenario: ScenarioName,
  latencyMs: number,
  signed: SignedClick[],
  noop: LoadResult | undefined,
): Promise<PathRun> {
  const plan = scenarioPlan(ctx, scenario, signed);
  const before = ctx.db.endpoint.stats();
  const rowsBefore = scenario === 'redirect' ? await countRows(ctx.sql, 'clicks') : 0;
  const load = await runLoad(
    plan,
    loadTicker(`${scenario} @ ${latencyMs} ms`, ctx.flags.warmup + ctx.flags.duration),
  );
  let persistedPerClick: number | undefined;
  // Whatever a path handed to the queue (redirects, or JSON clicks answered 202) is written before the next run, and counted here.
  if (scenario !== 'noop') await drainClickQueue(ctx);
  if (scenario === 'redirect') {
    persistedPerClick =
      ((await countRows(ctx.sql, 'clicks')) - rowsBefore) / Math.max(1, load.statuses['302'] ?? 0);
  }
  const after = ctx.db.endpoint.stats();
  const requests = Math.max(
    1,
    scenario === 'redirect' ? (load.statuses['302'] ?? 0) : load.totalResponses,
  );
  step(
    `  ${scenario} @ ${latencyMs} ms: ${load.rps.toFixed(0)} req/s, p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms${describeOdd(load)}`,
  );
  return {
    scenario,
    latencyMs,
    load,
    executesPerRequest: (after.executes - before.executes) / requests,
    sessionsPerRequest: (after.sessions - before.sessions) / requests,
    vsNoop:
      noop && scenario !== 'noop'
        ? { rps: load.rps / noop.rps, p50: load.p50Ms / noop.p50Ms, p99: load.p99Ms / noop.p99Ms }
        : null,
    ...(persistedPerClick === undefined ? {} : { persistedPerClick }),
  };
}

function describeOdd(load: LoadResult): string {
  const odd = Object.entries(load.statuses).filter(([status]) => !['200', '302'].includes(status));
  const parts = odd.map(([status, n]) => `${n}× ${status}`);
  if (load.errors) parts.push(`${load.errors} socket errors/timeouts`);
  return parts.length ? ` (also ${parts.join(', ')})` : '';
}

/** Baseline, redirect, JSON click and postback at the near and the far database latency. */
export async function measurePaths(
  ctx: BenchContext,
): Promise<{ runs: PathRun[]; postbackProbe: RoundTripProbe[]; jsonClickProbe: JsonClickProbe[] }> {
  const [near, far] = [ctx.flags.latencies[0]!, ctx.flags.latencies.at(-1)!];
  ctx.db.endpoint.setLatency(near);
  step('collecting signed click ids from tracking links (Location headers)');
  const signed = await harvestClickIds(ctx, 40);
  await drainClickQueue(ctx);
  const runs: PathRun[] = [];
  const postbackProbe: RoundTripProbe[] = [];
  const jsonClickProbe: JsonClickProbe[] = [];
  for (const [latency, order] of [
    [near, NEAR_ORDER],
    [far, FAR_ORDER],
  ] as const) {
    step(`hot paths with ${latency} ms injected database latency`);
    ctx.db.endpoint.setLatency(latency);
    let noop: LoadResult | undefined;
    for (const scenario of order) {
      ctx.db.endpoint.setLatency(latency);
      const run = await measure(ctx, scenario, latency, signed, noop);
      if (scenario === 'noop') noop = run.load;
      runs.push(run);
    }
    ctx.db.endpoint.setLatency(latency);
    const probe = await probePostbackRoundTrips(ctx, signed);
    step(
      `  postback common path alone: ${probe.executesPerRequest.toFixed(2)} Executes per request (${probe.requests} sequential postbacks)`,
    );
    postbackProbe.push(probe);
    const clicks = await probeJsonClickRoundTrips(ctx, latency);
    await drainClickQueue(ctx);
    step(
      `  JSON click alone: ${clicks.newClickExecutes} Executes for a new click_id, ${clicks.repeatExecutes} for a repeated one, p50 ${clicks.newClickP50Ms.toFixed(2)} ms`,
    );
    jsonClickProbe.push(clicks);
  }
  ctx.db.endpoint.setLatency(near);
  return { runs, postbackProbe, jsonClickProbe };
}
