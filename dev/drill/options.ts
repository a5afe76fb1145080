import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { backoffSeconds } from '../../worker/queue/backoff.ts';
import { repoRoot } from '../stack/worker-process.ts';

export type FailureMode = '503' | 'refuse' | 'mixed' | 'mysql';

export interface DrillOptions {
  clicks: number;
  postbacks: number;
  outageSeconds: number;
  /** Length of the steady traffic window; the outage starts a third of the way in. */
  durationSeconds: number;
  failure: FailureMode;
  /** Also stop and restart MySQL during the outage (only a server this run started). */
  restartMysql: boolean;
  /** Start a throwaway MySQL for this run instead of using the usual one. */
  privateMysql: boolean;
  drainTimeoutSeconds: number;
  /** Where the JSON report goes; null writes none. */
  reportPath: string | null;
  keepDatabase: boolean;
  progress: boolean;
  /** Run the fraud drill instead of the outage drill. */
  fraud: boolean;
  /** Fraud drill: CTIT of the slow conversions. */
  slowCtitSeconds: number;
}

export const defaultDrillOptions: DrillOptions = {
  clicks: 600,
  postbacks: 60,
  outageSeconds: 10,
  durationSeconds: 30,
  failure: 'mixed',
  restartMysql: true,
  privateMysql: false,
  drainTimeoutSeconds: 120,
  reportPath: join(repoRoot, 'bench', 'drill.json'),
  keepDatabase: false,
  progress: true,
  fraud: false,
  slowCtitSeconds: 300,
};

const HELP = `npm run drill -- [options]
  --clicks N              tracking-link clicks to send (default ${defaultDrillOptions.clicks})
  --postbacks M           postbacks to send (default ${defaultDrillOptions.postbacks})
  --outage-seconds S      how long the database is unavailable (default ${defaultDrillOptions.outageSeconds})
  --duration-seconds D    steady traffic window (default max(30, 3 x outage))
  --failure MODE          503 | refuse | mixed: first half 503, second half refused connections (default mixed)
                          | mysql: MySQL itself stopped and restarted behind the endpoint (needs --private-mysql)
  --private-mysql         run against a throwaway MySQL started for the drill, so it can be restarted too
  --no-mysql-restart      never restart MySQL, even one started for the drill
  --drain-timeout S       give up waiting for the backlog after S seconds (default ${defaultDrillOptions.drainTimeoutSeconds})
  --report PATH           JSON report path (default bench/drill.json); --no-report to skip
  --keep-database         keep the drill database for inspection
  --fraud                 fraud drill instead: 1,000 clean clicks, 300 from hosting networks, 200 headless,
                          200 from one visitor, conversions at 2 s and 5 min CTIT; writes bench/fraud.json
  --slow-ctit-seconds S   fraud drill: CTIT of the slow conversions (default ${defaultDrillOptions.slowCtitSeconds})`;

function positive(
  name: string,
  value: string | undefined,
  fallback: number,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${value}`,
    );
  return n;
}

export function parseDrillArgs(argv: string[]): DrillOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      clicks: { type: 'string' },
      postbacks: { type: 'string' },
      'outage-seconds': { type: 'string' },
      'duration-seconds': { type: 'string' },
      failure: { type: 'string' },
      'private-mysql': { type: 'boolean' },
      'no-mysql-restart': { type: 'boolean' },
      'drain-timeout': { type: 'string' },
      report: { type: 'string' },
      'no-report': { type: 'boolean' },
      'keep-database': { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      fraud: { type: 'boolean' },
      'slow-ctit-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const failure = values.failure ?? defaultDrillOptions.failure;
  if (failure !== '503' && failure !== 'refuse' && failure !== 'mixed' && failure !== 'mysql')
    throw new Error(`--failure must be 503, refuse, mixed or mysql, got ${failure}`);
  if (failure === 'mysql' && !values['private-mysql'])
    throw new Error('--failure mysql restarts MySQL, so it needs --private-mysql');
  const outageSeconds = positive(
    'outage-seconds',
    values['outage-seconds'],
    defaultDrillOptions.outageSeconds,
    true,
  );
  const durationSeconds = positive(
    'duration-seconds',
    values['duration-seconds'],
    Math.max(defaultDrillOptions.durationSeconds, outageSeconds * 3),
  );
  if (durationSeconds < outageSeconds + 2)
    throw new Error('--duration-seconds must leave traffic before and after the outage');
  return {
    clicks: positive('clicks', values.clicks, defaultDrillOptions.clicks),
    postbacks: positive('postbacks', values.postbacks, defaultDrillOptions.postbacks, true),
    outageSeconds,
    durationSeconds,
    failure,
    restartMysql: !values['no-mysql-restart'],
    privateMysql: values['private-mysql'] ?? false,
    drainTimeoutSeconds: positive(
      'drain-timeout',
      values['drain-timeout'],
      defaultDrillOptions.drainTimeoutSeconds,
    ),
    reportPath: values['no-report'] ? null : (values.report ?? defaultDrillOptions.reportPath),
    keepDatabase: values['keep-database'] ?? false,
    progress: !values['no-progress'],
    fraud: values.fraud ?? false,
    slowCtitSeconds: positive(
      'slow-ctit-seconds',
      values['slow-ctit-seconds'],
      defaultDrillOptions.slowCtitSeconds,
    ),
  };
}

export const drillHelp = HELP;

/**
 * Seconds a queued message can keep failing before the queue gives up on it: the worker's
 * exponential backoff (base RETRY_BASE_SECONDS, capped at an hour) over the consumer's max_retries.
 */
export function retryBudgetSeconds(queue: string, baseSeconds: number): number {
  const config = parseToml(readFileSync(join(repoRoot, 'wrangler.toml'), 'utf8')) as WranglerQueues;
  const consumer = config.queues?.consumers?.find((c) => c.queue === queue);
  const maxRetries = consumer?.max_retries ?? 3;
  let total = 0;
  for (let attempt = 1; attempt <= maxRetries; attempt++)
    total += backoffSeconds(attempt, baseSeconds);
  return total;
}

interface WranglerQueues {
  queues?: { consumers?: { queue: string; max_retries?: number }[] };
}
