import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDrillOptions, parseDrillArgs, retryBudgetSeconds } from './options.ts';
import { runDrill } from './run.ts';

describe('outage drill (small)', () => {
  it('answers every redirect and postback through a database outage, then stores each click and conversion exactly once', async () => {
    const lines: string[] = [];
    const report = await runDrill(
      {
        ...defaultDrillOptions,
        clicks: 150,
        postbacks: 24,
        outageSeconds: 4,
        durationSeconds: 12,
        drainTimeoutSeconds: 40,
        reportPath: join(tmpdir(), `drill-test-${process.pid}.json`),
        progress: false,
      },
      { log: (line) => lines.push(line) },
    );
    const context = lines.join('\n');
    expect(report.clicks.redirectsCorrect, context).toBe(150);
    expect(report.clicks.byPhase.outage, context).toBeGreaterThan(0);
    expect(report.conversions.answered202WhileDown, context).toBeGreaterThan(0);
    expect(report.conversions.refused, context).toBe(0);
    expect(report.clicks.persisted, context).toBe(150);
    expect(report.conversions.persisted, context).toBe(24);
    expect(report.lost, context).toBe(0);
    expect(report.duplicated, context).toBe(0);
    expect(report.misattributed, context).toBe(0);
    expect(report.unexpectedRows, context).toBe(0);
    expect(report.rollupsMatchRecounts, context).toBe(true);
    expect(report.drainSeconds, context).not.toBeNull();
    expect(report.passed, context).toBe(true);
  }, 90_000);
});

describe('drill options', () => {
  it('reads the documented flags', () => {
    const opts = parseDrillArgs([
      '--clicks',
      '2000',
      '--postbacks',
      '200',
      '--outage-seconds',
      '20',
    ]);
    expect(opts).toMatchObject({
      clicks: 2000,
      postbacks: 200,
      outageSeconds: 20,
      durationSeconds: 60,
      failure: 'mixed',
    });
    expect(() => parseDrillArgs(['--clicks', '-5'])).toThrow(/clicks/);
    expect(() => parseDrillArgs(['--failure', 'flood'])).toThrow(/failure/);
  });

  it('reads the fraud drill flags', () => {
    expect(parseDrillArgs(['--fraud'])).toMatchObject({ fraud: true, slowCtitSeconds: 300 });
    expect(parseDrillArgs(['--fraud', '--slow-ctit-seconds', '61'])).toMatchObject({
      fraud: true,
      slowCtitSeconds: 61,
    });
    expect(parseDrillArgs([])).toMatchObject({ fraud: false });
    expect(() => parseDrillArgs(['--fraud', '--slow-ctit-seconds', '0'])).toThrow(
      /slow-ctit-seconds/,
    );
  });

  it('keeps the default outage well inside the queues retry budget', () => {
    expect(retryBudgetSeconds('tracker-clicks', 1)).toBeGreaterThan(
      defaultDrillOptions.outageSeconds * 10,
    );
    expect(retryBudgetSeconds('tracker-postbacks', 1)).toBeGreaterThan(
      defaultDrillOptions.outageSeconds * 10,
    );
  });
});
