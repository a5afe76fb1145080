import type { IngestResult } from '../load/ingest-plan.ts';
import { runIngest } from '../load/run-ingest.ts';
import { step } from '../progress.ts';
import type { IngestRun } from '../results/types.ts';
import { countRows, type BenchContext } from './context.ts';

// Alternating short rounds, so drift on a shared machine hits both modes alike.
const ROUNDS = 2;
const MODES = ['batched', 'single'] as const;

function combine(parts: IngestResult[]): IngestResult {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  const p50s = parts.map((p) => p.p50CallMs).sort((a, b) => a - b);
  return {
    mode: parts[0]!.mode,
    rows,
    calls: parts.reduce((n, p) => n + p.calls, 0),
    failedCalls: parts.reduce((n, p) => n + p.failedCalls, 0),
    seconds,
    rowsPerSecond: rows / seconds,
    p50CallMs: p50s[Math.floor(p50s.length / 2)]!,
  };
}

/** Rows persisted per second: the consumer's batched ingestClicks vs one INSERT per click, same driver and endpoint. */
export async function measureIngestion(ctx: BenchContext): Promise<IngestRun[]> {
  const { flags, db } = ctx;
  const runs: IngestRun[] = [];
  for (const latencyMs of [...new Set(flags.latencies)]) {
    db.endpoint.setLatency(latencyMs);
    step(
      `ingestion @ ${latencyMs} ms: ingestClicks with ${flags.ingestBatch} rows per batch vs one INSERT per click, ${flags.ingestConcurrency} in flight, ${ROUNDS}× ${flags.ingestSeconds / ROUNDS} s each`,
    );
    const parts = new Map<(typeof MODES)[number], IngestResult[]>(MODES.map((m) => [m, []]));
    const executes = new Map<(typeof MODES)[number], number>(MODES.map((m) => [m, 0]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        const rowsBefore = await countRows(ctx.sql, 'clicks');
        const before = db.endpoint.stats().executes;
        const result = await runIngest({
          databaseUrl: db.endpoint.url,
          mode,
          batchSize: flags.ingestBatch,
          concurrency: flags.ingestConcurrency,
          seconds: flags.ingestSeconds / ROUNDS,
          affiliateIds: db.affiliates.map((a) => a.id),
          campaignIds: db.campaigns.map((c) => c.id),
        });
        const persisted = (await countRows(ctx.sql, 'clicks')) - rowsBefore;
        if (persisted !== result.rows)
          throw new Error(
            `ingestion (${mode}) reported ${result.rows} rows but ${persisted} reached MySQL`,
          );
        executes.set(mode, executes.get(mode)! + db.endpoint.stats().executes - before);
        parts.get(mode)!.push(result);
      }
    }
    for (const mode of MODES) {
      const result = combine(parts.get(mode)!);
      const executesPerRow = executes.get(mode)! / Math.max(1, result.rows);
      step(
        `  ${mode}: ${result.rowsPerSecond.toFixed(0)} rows/s (${result.rows} rows, ${executesPerRow.toFixed(3)} Executes per row, p50 call ${result.p50CallMs.toFixed(1)} ms, ${result.failedCalls} failed calls)`,
      );
      runs.push({ ...result, latencyMs, executesPerRow });
    }
  }
  db.endpoint.setLatency(flags.latencies[0]!);
  return runs;
}
