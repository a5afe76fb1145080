import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { dropDatabase } from '../mysql/database.ts';
import { freePort } from '../mysql/free-port.ts';
import { findOrStartMysql, type MysqlServer } from '../mysql/server.ts';
import { startStack, type Stack } from '../stack/start.ts';
import { repoRoot } from '../stack/worker-process.ts';
import { waitForBacklog, type Backlog } from './backlog.ts';
import { retryBudgetSeconds, type DrillOptions } from './options.ts';
import { runOutage, type OutageRecord } from './outage.ts';
import { progressLine, startProgress, type ProgressState } from './progress.ts';
import { buildReport, summary, writeReport, type DrillReport } from './report.ts';
import { runTraffic, warmUp, type Ledger, type Phase } from './traffic.ts';
import { verify, waitForDrain } from './verify.ts';

// The stack's worker retries failed queue batches with this base (see dev/stack/start.ts).
const STACK_RETRY_BASE_SECONDS = 1;

export interface DrillHooks {
  log?: (line: string) => void;
}

/**
 * Starts a private stack, sends steady click and postback traffic through it while the database
 * goes away and comes back, then checks that every accepted click and conversion is stored once.
 */
export async function runDrill(opts: DrillOptions, hooks: DrillHooks = {}): Promise<DrillReport> {
  const log = hooks.log ?? ((line: string) => console.log(line));
  const runId = randomBytes(4).toString('hex');
  const budget = retryBudgetSeconds('tracker-clicks', STACK_RETRY_BASE_SECONDS);
  if (opts.outageSeconds > budget * 0.8) {
    log(
      `warning: a ${opts.outageSeconds}s outage nears the click queue's retry budget (~${budget}s); raise max_retries in wrangler.toml for longer outages`,
    );
  }
  const privateMysql = opts.privateMysql
    ? await findOrStartMysql({
        forcePrivate: true,
        dir: join(repoRoot, '.dev', `drill-mysql-${runId}`),
        log: (l) => log(`mysql: ${l}`),
      })
    : undefined;
  const previousMysqlUrl = process.env['MYSQL_URL'];
  if (privateMysql) process.env['MYSQL_URL'] = privateMysql.url;
  let stack: Stack | undefined;
  const apiPort = await freePort();
  try {
    log(`starting a stack for drill ${runId} ...`);
    stack = await startStack({
      apiPort,
      advertiserPort: 0,
      databaseName: `tracker_drill_${runId}`,
      demoClicks: 20,
      log: (line) => {
        if (
          /error|exited/i.test(line) &&
          !/workers\.cloudflare\.com|click batch failed|deferred postback|database is unavailable/i.test(
            line,
          )
        )
          log(line);
      },
    });
    const restartable = opts.restartMysql
      ? (privateMysql ?? (stack.mysql.owned ? stack.mysql : undefined))
      : undefined;
    return await drive(stack, opts, runId, restartable, budget, log);
  } finally {
    if (stack) {
      if (!opts.keepDatabase)
        await dropDatabase(stack.mysql.url, `tracker_drill_${runId}`).catch((err) =>
          log(`drop database: ${String(err)}`),
        );
      await stack.stop();
      // The worker's local queue and KV state belong to this run only.
      rmSync(join(repoRoot, '.dev', `worker-${apiPort}`), { recursive: true, force: true });
    }
    if (privateMysql) {
      await privateMysql.stop();
      rmSync(join(repoRoot, '.dev', `drill-mysql-${runId}`), { recursive: true, force: true });
    }
    if (privateMysql) {
      if (previousMysqlUrl === undefined) delete process.env['MYSQL_URL'];
      else process.env['MYSQL_URL'] = previousMysqlUrl;
    }
  }
}

async function drive(
  stack: Stack,
  opts: DrillOptions,
  runId: string,
  restartable: MysqlServer | undefined,
  budget: number,
  log: (line: string) => void,
): Promise<DrillReport> {
  await warmUp(stack);
  const ledger: Ledger = { clicks: [], postbacks: [], inFlight: 0 };
  const state: ProgressState = { startedAt: Date.now(), database: 'up', stage: 'before' };
  let phase: Phase = 'before';
  const durationMs = opts.durationSeconds * 1000;
  const stopProgress = startProgress(() => progressLine(state, ledger, opts), opts.progress);

  const traffic = runTraffic(
    stack,
    { runId, clicks: opts.clicks, postbacks: opts.postbacks, durationMs, phase: () => phase },
    ledger,
  );
  let backlog: Backlog | undefined;
  const outage = (async (): Promise<OutageRecord> => {
    await sleep(durationMs / 3);
    phase = 'outage';
    state.stage = 'OUTAGE';
    const record = await runOutage(
      {
        endpoint: stack.endpoint,
        mysql: restartable,
        failure: opts.failure,
        seconds: opts.outageSeconds,
        log: (l) => (opts.progress ? undefined : log(l)),
      },
      (down) => void (state.database = down ? `DOWN (${down})` : 'up'),
    );
    // Everything sent so far is the backlog the recovery has to drain.
    backlog = {
      lastClickIndex: Math.max(-1, ...ledger.clicks.map((c) => c.index)),
      lastPostbackIndex: Math.max(-1, ...ledger.postbacks.map((p) => p.index)),
      clicks: 0,
      postbacks: 0,
    };
    phase = 'after';
    state.stage = 'after';
    return record;
  })();

  const record = await outage;
  const conn = await mysql.createConnection({ uri: stack.mysqlUrl });
  try {
    // Answers still in flight at the recovery belong to the backlog too.
    const drained = (async () => {
      await sleep(2000);
      const b = backlog!;
      b.clicks = ledger.clicks.filter((c) => c.index <= b.lastClickIndex && c.clickId).length;
      b.postbacks = ledger.postbacks.filter(
        (p) => p.index <= b.lastPostbackIndex && (p.status === 200 || p.status === 202),
      ).length;
      return waitForBacklog(conn, runId, b, opts.drainTimeoutSeconds * 1000);
    })();
    await traffic;
    state.stage = 'draining';
    const expected = {
      clickRows: ledger.clicks.filter((c) => c.clickId).length,
      conversionRows: ledger.postbacks.filter((p) => p.status === 200 || p.status === 202).length,
    };
    const poll = await mysql.createConnection({ uri: stack.mysqlUrl });
    const all = await waitForDrain(
      poll,
      runId,
      expected,
      opts.drainTimeoutSeconds * 1000,
      (now) => void (state.stored = now),
    ).finally(() => poll.end());
    const backlogDrainedAt = await drained;
    // A late duplicate would land now: give the queues a moment, then count.
    await sleep(1500);
    stopProgress();
    const verdict = await verify(conn, runId, ledger);
    const report = buildReport({
      runId,
      options: opts,
      ledger,
      verdict,
      outage: record,
      drainedAt: all.drainedAt === null ? null : (backlogDrainedAt ?? all.drainedAt),
      retryBudgetSeconds: budget,
    });
    if (opts.reportPath) writeReport(opts.reportPath, report);
    log(summary(report));
    if (opts.reportPath) log(`  report          ${opts.reportPath}`);
    return report;
  } finally {
    stopProgress();
    await conn.end();
  }
}
