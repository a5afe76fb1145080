import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase } from '../mysql/database.ts';
import { freePort } from '../mysql/free-port.ts';
import { findOrStartMysql } from '../mysql/server.ts';
import { repoRoot } from './worker-process.ts';

/** One `npm run dev` (node dev/stack.ts) run as a child process, as a developer starts it. */
export interface DevRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function devStack(env: Record<string, string>): DevRun {
  const child = spawn(process.execPath, ['dev/stack.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

export async function until(run: DevRun, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no "${text}" in:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Free ports and a database of its own, so a test's stack runs beside a developer's. */
export const stackEnv = async (database: string) => ({
  PORT: String(await freePort()),
  DASHBOARD_PORT: String(await freePort()),
  ADVERTISER_PORT: String(await freePort()),
  DEV_DATABASE: database,
});

export interface RunningDevStack {
  run: DevRun;
  /** .dev/stack-<database>.json */
  facts: StackFacts;
  /** .dev/stack-<database>.env, as `source` would read it. */
  envFile: string;
  stop(): Promise<void>;
}

export interface StackFacts {
  apiUrl: string;
  dashboardUrl: string;
  advertiserUrl: string;
  adminToken: string;
  affiliates: {
    id: number;
    name: string;
    apiKey: string;
    postbackToken: string;
    postbackUrl: string;
  }[];
  campaigns: { id: number; name: string; advertiserId: number }[];
  advertisers: {
    id: number;
    name: string;
    apiKey: string;
    postbackToken: string;
    postbackUrl: string;
    campaignIds: number[];
  }[];
}

/** Starts `npm run dev` on its own database and ports, waits for its printout, and reads its facts files. */
export async function startDevStack(database: string): Promise<RunningDevStack> {
  const run = devStack(await stackEnv(database));
  const factsBase = join(repoRoot, '.dev', `stack-${database}`);
  const stop = async () => {
    if (run.child.exitCode === null) run.child.kill('SIGINT');
    await run.exited;
    const mysql = await findOrStartMysql();
    await dropDatabase(mysql.url, database);
    await mysql.stop();
    rmSync(`${factsBase}.json`, { force: true });
    rmSync(`${factsBase}.env`, { force: true });
  };
  try {
    await until(run, 'Press Ctrl-C to stop.', 180_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const facts = JSON.parse(readFileSync(`${factsBase}.json`, 'utf8')) as StackFacts;
  return { run, facts, envFile: `${factsBase}.env`, stop };
}
