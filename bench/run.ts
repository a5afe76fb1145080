import { cpus, loadavg } from 'node:os';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import { parseFlags } from './flags.ts';
import type { BenchContext } from './phases/context.ts';
import { measureDashboard } from './phases/dashboard.ts';
import { measureRedirectDistance } from './phases/distance.ts';
import { measureFloor } from './phases/floor.ts';
import { measureIngestion } from './phases/ingestion.ts';
import { measureLive } from './phases/live.ts';
import { measurePaths } from './phases/paths.ts';
import { profileRedirect } from './phases/profile.ts';
import { compareProxies } from './phases/proxies.ts';
import { measureReports } from './phases/reports.ts';
import { measureRouting } from './phases/routing.ts';
import { measureWorkerSize } from './phases/worker-size.ts';
import { clearLine, step } from './progress.ts';
import { renderMarkdown } from './results/markdown.ts';
import { evaluateTargets } from './results/targets.ts';
import type { BenchResults } from './results/types.ts';
import { bundleTracker } from './runtime/build.ts';
import { startRuntime } from './runtime/miniflare.ts';
import { benchDir } from './runtime/paths.ts';
import { startBenchDatabase } from './stack.ts';

// Every measurement in one run, side by side, so each ratio compares runs that shared the machine's state.
const RUNTIME =
  'workerd via Miniflare, each worker on its own direct socket (no entry worker, no wrangler proxy)';

const flags = parseFlags(process.argv.slice(2));
const startedAt = new Date().toISOString();
const results: Omit<BenchResults, 'targets' | 'finishedAt'> = {
  startedAt,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadavg(),
  },
  runtime: RUNTIME,
  flags: { ...flags },
  proxies: [],
  floor: [],
  paths: [],
  postbackProbe: [],
  jsonClickProbe: [],
  distance: null,
  routing: null,
  ingestion: [],
  fixtures: [],
  reports: [],
  dashboard: null,
  live: null,
  workerSize: null,
  profile: null,
  workerErrors: [],
};

const has = (phase: (typeof flags.phases)[number]) => flags.phases.includes(phase);
const needsStack = flags.phases.some(
  (p) => p !== 'dashboard' && p !== 'worker-size' && p !== 'live',
);
let ctx: BenchContext | undefined;
let failed = false;

try {
  if (needsStack) {
    step(
      `database ${flags.database}: migrate, demo affiliates and campaigns, PlanetScale endpoint`,
    );
    const db = await startBenchDatabase(flags.database, (line) => step(`  ${line}`));
    step('bundling the worker (wrangler deploy --dry-run)');
    const bundlePath = await bundleTracker();
    step('starting workerd (Miniflare, direct sockets) with the tracker and the no-op worker');
    const runtime = await startRuntime({ bundlePath, vars: db.vars, inspect: flags.profile });
    ctx = {
      flags,
      db,
      runtime,
      bundlePath,
      sql: mysql.createPool({ uri: db.mysqlUrl, connectionLimit: 2 }),
    };
  }
  if (ctx && has('proxies'))
    results.proxies = await compareProxies(ctx, ctx.runtime.compatibilityDate);
  if (ctx && has('floor')) results.floor = await measureFloor(ctx);
  if (ctx && has('paths')) {
    const { runs, postbackProbe, jsonClickProbe } = await measurePaths(ctx);
    results.paths = runs;
    results.postbackProbe = postbackProbe;
    results.jsonClickProbe = jsonClickProbe;
    results.distance = await measureRedirectDistance(ctx);
  }
  if (ctx && has('routing')) results.routing = await measureRouting(ctx);
  if (ctx && flags.profile) results.profile = await profileRedirect(ctx);
  if (ctx && has('ingest')) results.ingestion = await measureIngestion(ctx);
  if (ctx && has('reports')) Object.assign(results, await measureReports(ctx));
  if (has('worker-size')) {
    step('measuring the worker upload (wrangler deploy --dry-run)');
    results.workerSize = await measureWorkerSize();
  }
  if (has('dashboard')) {
    results.dashboard = await measureDashboard();
    step(
      results.dashboard.measured
        ? `dashboard: ${results.dashboard.jsGzipBytes} B gzipped JavaScript, ${results.dashboard.cssGzipBytes} B CSS`
        : `dashboard not measured: ${results.dashboard.note}`,
    );
  }
  if (has('live')) {
    step('live: Chromium on the dashboard, tracking-link clicks and postbacks to the screen');
    results.live = await measureLive(30);
    step(
      results.live.measured
        ? `live: p95 ${results.live.all.p95_ms} ms (click ${results.live.click_to_screen.p95_ms}, postback ${results.live.postback_to_screen.p95_ms})`
        : `live not measured: ${results.live.note}`,
    );
  }
} catch (err) {
  failed = true;
  clearLine();
  step(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  if (ctx) {
    results.workerErrors = [...new Set(ctx.runtime.errorLines)];
    await ctx.sql.end().catch(() => undefined);
    await ctx.runtime.dispose().catch(() => undefined);
    await ctx.db.close({ dropDatabase: !flags.keepDb }).catch(() => undefined);
    await rm(dirname(ctx.bundlePath), { recursive: true, force: true });
  }
}

const final: BenchResults = {
  ...results,
  finishedAt: new Date().toISOString(),
  targets: evaluateTargets(results, flags.latencies, flags.reportSizes),
};
await writeFile(join(benchDir, 'results.json'), `${JSON.stringify(final, null, 2)}\n`);
const markdown = renderMarkdown(final);
await writeFile(join(benchDir, 'results.md'), markdown);
clearLine();
process.stdout.write(`\n${markdown}`);
step(`wrote bench/results.json and bench/results.md${failed ? ' (partial: the run failed)' : ''}`);
process.exit(failed ? 1 : 0);
