import { setTimeout as sleep } from 'node:timers/promises';
import type { MysqlServer } from '../mysql/server.ts';
import type { PlanetScaleEndpoint } from '../psdb/server.ts';
import type { FailureMode } from './options.ts';

export interface OutageRecord {
  startedAt: number;
  endedAt: number;
  steps: string[];
  mysqlRestarted: boolean;
}

export interface OutagePlan {
  endpoint: PlanetScaleEndpoint;
  /** Restarted only when given, i.e. when this run started it. */
  mysql: MysqlServer | undefined;
  failure: FailureMode;
  seconds: number;
  log: (line: string) => void;
}

/**
 * Makes the database unavailable for the planned time: the endpoint answers 503 and/or refuses
 * connections, and a MySQL this run owns is stopped and started again meanwhile.
 */
export async function runOutage(
  plan: OutagePlan,
  onChange: (down: string | null) => void,
): Promise<OutageRecord> {
  const steps: string[] = [];
  const step = (text: string) => {
    steps.push(text);
    plan.log(text);
  };
  const startedAt = Date.now();
  const restart = plan.mysql?.restart;
  if (plan.failure === 'mysql') {
    // The endpoint stays up and meets a dead MySQL, as a proxy in front of a failed database would.
    if (!restart)
      throw new Error('--failure mysql needs a MySQL this run started: add --private-mysql');
    // restart() is stop-then-start, so the database flaps down and up for the whole period.
    let restarts = 0;
    do {
      onChange('MySQL');
      await restart();
      onChange('up (flapping)');
      restarts++;
    } while (Date.now() - startedAt < plan.seconds * 1000);
    onChange(null);
    step(
      `database flapping: MySQL stopped and started ${restarts} times behind a running endpoint`,
    );
    return { startedAt, endedAt: Date.now(), steps, mysqlRestarted: true };
  }
  const first = plan.failure === 'refuse' ? 'refuse' : '503';
  await plan.endpoint.setFailure(first);
  onChange(first);
  step(`database down: endpoint ${first === '503' ? 'answers 503' : 'refuses connections'}`);
  const restarting = restart
    ? restart().then(
        () => step('MySQL stopped and started again'),
        (err: unknown) => step(`MySQL restart failed: ${String(err)}`),
      )
    : Promise.resolve(step('MySQL left running (not started by this run)'));
  if (plan.failure === 'mixed') {
    await sleep((plan.seconds * 1000) / 2);
    await plan.endpoint.setFailure('refuse');
    onChange('refuse');
    step('database down: endpoint refuses connections');
  }
  const remaining = startedAt + plan.seconds * 1000 - Date.now();
  if (remaining > 0) await sleep(remaining);
  await restarting;
  await plan.endpoint.setFailure(null);
  onChange(null);
  step('database back');
  return { startedAt, endedAt: Date.now(), steps, mysqlRestarted: !!restart };
}
