import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DrillOptions } from './options.ts';
import type { OutageRecord } from './outage.ts';
import type { Ledger, Phase } from './traffic.ts';
import type { Verdict } from './verify.ts';

export interface DrillReport {
  runId: string;
  finishedAt: string;
  options: Omit<DrillOptions, 'reportPath' | 'progress'>;
  clicks: {
    sent: number;
    redirected: number;
    redirectsCorrect: number;
    redirectsCorrectPct: number;
    persisted: number;
    byPhase: Record<Phase, number>;
  };
  conversions: {
    sent: number;
    answered200: number;
    answered202: number;
    answered202WhileDown: number;
    refused: number;
    persisted: number;
    byPhase: Record<Phase, number>;
  };
  lost: number;
  duplicated: number;
  unexpectedRows: number;
  misattributed: number;
  rollupsMatchRecounts: boolean;
  rollupDifferences: string[];
  drainSeconds: number | null;
  outage: { seconds: number; steps: string[]; mysqlRestarted: boolean };
  retryBudgetSeconds: number;
  problems: string[];
  passed: boolean;
}

const byPhase = <T extends { phase: Phase }>(items: T[]): Record<Phase, number> => ({
  before: items.filter((i) => i.phase === 'before').length,
  outage: items.filter((i) => i.phase === 'outage').length,
  after: items.filter((i) => i.phase === 'after').length,
});

export function buildReport(input: {
  runId: string;
  options: DrillOptions;
  ledger: Ledger;
  verdict: Verdict;
  outage: OutageRecord;
  drainedAt: number | null;
  retryBudgetSeconds: number;
}): DrillReport {
  const { ledger, verdict, outage } = input;
  const { reportPath: _r, progress: _p, ...options } = input.options;
  const correct = ledger.clicks.filter((c) => c.redirectOk).length;
  const answered = (status: number) => ledger.postbacks.filter((p) => p.status === status);
  const refused = ledger.postbacks.filter((p) => p.status !== 200 && p.status !== 202);
  const lost = verdict.lostClicks.length + verdict.lostConversions.length;
  const duplicated = verdict.duplicatedClicks + verdict.duplicatedConversions;
  const problems = [
    ...ledger.clicks
      .filter((c) => c.problem)
      .slice(0, 5)
      .map((c) => `click ${c.index} (${c.phase}): ${c.problem}`),
    ...refused
      .slice(0, 5)
      .map((p) => `postback ${p.index} (${p.phase}): ${p.status} ${p.problem ?? ''}`),
    ...verdict.lostClicks.slice(0, 5).map((id) => `click ${id} answered but never stored`),
    ...verdict.lostConversions.slice(0, 5).map((t) => `postback ${t} accepted but never stored`),
  ];
  const drainSeconds =
    input.drainedAt === null ? null : Math.max(0, (input.drainedAt - outage.endedAt) / 1000);
  return {
    runId: input.runId,
    finishedAt: new Date().toISOString(),
    options,
    clicks: {
      sent: ledger.clicks.length,
      redirected: ledger.clicks.filter((c) => c.status === 302).length,
      redirectsCorrect: correct,
      redirectsCorrectPct: ledger.clicks.length
        ? round((100 * correct) / ledger.clicks.length)
        : 100,
      persisted: verdict.clicksPersisted,
      byPhase: byPhase(ledger.clicks),
    },
    conversions: {
      sent: ledger.postbacks.length,
      answered200: answered(200).length,
      answered202: answered(202).length,
      answered202WhileDown: answered(202).filter((p) => p.phase === 'outage').length,
      refused: refused.length,
      persisted: verdict.conversionsPersisted,
      byPhase: byPhase(ledger.postbacks),
    },
    lost,
    duplicated,
    unexpectedRows: verdict.unexpectedRows,
    misattributed: verdict.misattributed,
    rollupsMatchRecounts: verdict.rollupsMatch,
    rollupDifferences: verdict.rollupDifferences,
    drainSeconds: drainSeconds === null ? null : round(drainSeconds),
    outage: {
      seconds: round((outage.endedAt - outage.startedAt) / 1000),
      steps: outage.steps,
      mysqlRestarted: outage.mysqlRestarted,
    },
    retryBudgetSeconds: input.retryBudgetSeconds,
    problems,
    passed:
      lost === 0 &&
      duplicated === 0 &&
      verdict.unexpectedRows === 0 &&
      verdict.misattributed === 0 &&
      verdict.rollupsMatch &&
      correct === ledger.clicks.length &&
      refused.length === 0 &&
      verdict.clicksPersisted === correct &&
      verdict.conversionsPersisted === ledger.postbacks.length &&
      drainSeconds !== null,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function writeReport(path: string, report: DrillReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

export function summary(r: DrillReport): string {
  const c = r.clicks;
  const p = r.conversions;
  return [
    '',
    `Outage drill ${r.passed ? 'PASSED' : 'FAILED'} (run ${r.runId})`,
    `  outage          ${r.outage.seconds}s: ${r.outage.steps.join('; ')}`,
    `  redirects       ${c.redirectsCorrect}/${c.sent} answered 302 with the right Location (${c.redirectsCorrectPct}%), ${c.byPhase.outage} of them while the database was down`,
    `  postbacks       ${p.sent} sent: ${p.answered200} x 200, ${p.answered202} x 202 (${p.answered202WhileDown} while down), ${p.refused} refused`,
    `  stored          ${c.persisted} clicks of ${c.sent}, ${p.persisted} conversions of ${p.sent}`,
    `  lost            ${r.lost}`,
    `  duplicated      ${r.duplicated}`,
    `  misattributed   ${r.misattributed}, unexpected rows ${r.unexpectedRows}`,
    `  rollups         ${r.rollupsMatchRecounts ? 'equal a recount from raw rows' : `DIFFER from a recount: ${r.rollupDifferences.slice(0, 3).join(' | ')}`}`,
    `  backlog drained ${r.drainSeconds === null ? 'NOT within the timeout' : `${r.drainSeconds}s after the database came back`}`,
    `  retry budget    a queued click survives ~${r.retryBudgetSeconds}s of outage before it is dead-lettered`,
    ...(r.problems.length ? ['  problems', ...r.problems.map((x) => `    ${x}`)] : []),
  ].join('\n');
}
