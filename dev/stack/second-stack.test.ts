import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, randomDatabaseName } from '../mysql/database.ts';
import { findOrStartMysql } from '../mysql/server.ts';
import { devStack, type DevRun, stackEnv, until } from './dev-run.ts';
import { repoRoot } from './worker-process.ts';

const database = randomDatabaseName('tracker_dev_second');
const started: DevRun[] = [];

afterAll(async () => {
  for (const run of started) if (run.child.exitCode === null) run.child.kill('SIGTERM');
  await Promise.all(started.map((r) => r.exited));
  const mysql = await findOrStartMysql();
  await dropDatabase(mysql.url, database);
  await mysql.stop();
  rmSync(join(repoRoot, '.dev', `stack-${database}.json`), { force: true });
  rmSync(join(repoRoot, '.dev', `stack-${database}.env`), { force: true });
});

describe('a second npm run dev', () => {
  it('leaves the running stack alone and names the variables to change in one line', async () => {
    const env = await stackEnv(database);
    const first = devStack(env);
    started.push(first);
    await until(first, 'Press Ctrl-C to stop.', 150_000);
    const apiUrl = /^ {2}API +(\S+)$/m.exec(first.output())![1]!;
    const apiKey = /API key +(ak_\S+)/.exec(first.output())![1]!;
    const me = async () =>
      (
        await fetch(`${apiUrl}/me`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json() as Promise<{ data: { affiliate: { id: number } } }>;
    const { affiliate } = (await me()).data;
    const clicks = async () =>
      (
        (await (
          await fetch(`${apiUrl}/affiliates/${affiliate.id}/clicks?limit=1000`, {
            headers: { authorization: `Bearer ${apiKey}` },
          })
        ).json()) as { data: unknown[] }
      ).data.length;
    const clicksBefore = await clicks();
    expect(clicksBefore).toBeGreaterThan(0);

    // Same ports, same database: refused before anything is touched.
    const second = devStack(env);
    started.push(second);
    expect(await second.exited).toBe(1);
    const line = second.output().trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toMatch(/\x1b\[|EADDRINUSE|\n\s+at /);
    for (const variable of ['PORT', 'DASHBOARD_PORT', 'ADVERTISER_PORT', 'DEV_DATABASE'])
      expect(line).toContain(` ${variable}=`);
    expect(line).toContain(`database ${database} (DEV_DATABASE)`);

    // Free ports but the same database: the database claim alone refuses it.
    const third = devStack(await stackEnv(database));
    started.push(third);
    expect(await third.exited).toBe(1);
    expect(third.output().trim()).toBe(
      `Another stack is running: database ${database} (DEV_DATABASE) is in use. Stop it, or start this one beside it with DEV_DATABASE=${database}_2 npm run dev`,
    );

    // The first stack still answers its keys, with its data.
    expect((await me()).data.affiliate.id).toBe(affiliate.id);
    expect(await clicks()).toBe(clicksBefore);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopping…');
    // Children stop cleanly: no Go runtime panic from wrangler's esbuild at shutdown.
    expect(first.output()).not.toMatch(/goroutines|fatal error/);
  }, 240_000);

  it('prints what it does when Ctrl-C arrives during start-up, and stops what it started', async () => {
    const env = await stackEnv(`${database}_ctrlc`);
    const run = devStack(env);
    started.push(run);
    await until(run, 'Starting the stack', 60_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('start-up interrupted');
    const mysql = await findOrStartMysql();
    await dropDatabase(mysql.url, `${database}_ctrlc`);
    await mysql.stop();
  }, 120_000);
});
