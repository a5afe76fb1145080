import { loadClickFixture } from '../fixtures/clicks.ts';
import { runLoad } from '../load/run-load.ts';
import { loadTicker, step } from '../progress.ts';
import type { FixtureLoad, ReportRun } from '../results/types.ts';
import { API_HEADERS, type BenchContext } from './context.ts';

const REPORTS: { report: ReportRun['report']; path: (affiliateId: number) => string }[] = [
  { report: 'summary', path: (id) => `/affiliates/${id}/summary` },
  { report: 'daily_stats', path: (id) => `/affiliates/${id}/stats?group_by=day` },
  { report: 'clicks_page', path: (id) => `/affiliates/${id}/clicks?limit=100` },
];

/** Summary, daily stats and the first page of clicks, each at every fixture size, as the dashboard asks for them. */
export async function measureReports(
  ctx: BenchContext,
): Promise<{ fixtures: FixtureLoad[]; reports: ReportRun[] }> {
  const { flags, db, runtime } = ctx;
  db.endpoint.setLatency(flags.latencies[0]!);
  const reader = db.affiliates[0]!;
  const fixtures: FixtureLoad[] = [];
  const reports: ReportRun[] = [];
  for (const size of flags.reportSizes) {
    step(
      `loading ${size.toLocaleString('en-US')} clicks (multi-row INSERTs, then rollups rebuilt)`,
    );
    let shown = 0;
    const fixture = await loadClickFixture({
      mysqlUrl: db.mysqlUrl,
      clicks: size,
      affiliateIds: db.affiliates.map((a) => a.id),
      campaignIds: db.campaigns.map((c) => c.id),
      days: 30,
      onProgress: (loaded, total) => {
        if (loaded - shown < total / 10 && loaded !== total) return;
        shown = loaded;
        step(`  ${Math.round((loaded / total) * 100)}% (${loaded.toLocaleString('en-US')} clicks)`);
      },
    });
    step(
      `  loaded in ${fixture.seconds.toFixed(1)} s, rollups rebuilt in ${fixture.rollupSeconds.toFixed(1)} s`,
    );
    fixtures.push(fixture);
    for (const { report, path } of REPORTS) {
      // One connection: the dashboard's own request latency, not a queue behind other readers.
      const load = await runLoad(
        {
          label: report,
          origin: runtime.trackerUrl,
          paths: [path(reader.id)],
          headers: { ...API_HEADERS, authorization: `Bearer ${reader.apiKey}` },
          manyVisitors: true,
          connections: 1,
          warmupSeconds: 1,
          durationSeconds: flags.reportSeconds,
          okStatuses: [200],
        },
        loadTicker(`${report} @ ${size.toLocaleString('en-US')} clicks`, 1 + flags.reportSeconds),
      );
      if (load.ok === 0)
        throw new Error(`${report} answered no 200 (${JSON.stringify(load.statuses)})`);
      step(
        `  ${report} @ ${size.toLocaleString('en-US')}: p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms`,
      );
      reports.push({ report, clicksInDb: size, load });
    }
  }
  return { fixtures, reports };
}
