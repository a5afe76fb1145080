import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MysqlBinaries } from './binaries.ts';
import { freePort } from './free-port.ts';
import { probeMysql } from './probe.ts';

const execFileAsync = promisify(execFile);

export interface PrivateInstance {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export interface PrivateInstanceOptions {
  dir: string;
  binaries: MysqlBinaries;
  log: (line: string) => void;
  startTimeoutMs?: number;
}

const READY_MARKER = '.ready';

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// A half-initialized data directory would make the server fail obscurely, so it is rebuilt.
async function initializeDataDir(
  binaries: MysqlBinaries,
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  if (existsSync(join(dataDir, READY_MARKER))) return;
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const user = userInfo().username;
  log(`initializing ${binaries.flavor} data directory ${dataDir}`);
  const [command, args] = binaries.installDb
    ? [
        binaries.installDb,
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          `--user=${user}`,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
        ],
      ]
    : [
        binaries.server,
        ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, `--user=${user}`],
      ];
  try {
    await execFileAsync(command, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const output = err instanceof Error && 'stderr' in err ? String(err.stderr) : String(err);
    throw new Error(`${command} failed to initialize ${dataDir}:\n${output}`);
  }
  writeFileSync(join(dataDir, READY_MARKER), new Date().toISOString());
}

function serverArgs(binaries: MysqlBinaries, dir: string, port: number): string[] {
  const args = [
    '--no-defaults',
    `--datadir=${join(dir, 'data')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${join(dir, 'mysqld.err')}`,
    `--user=${userInfo().username}`,
    '--skip-name-resolve',
    '--innodb-buffer-pool-size=64M',
    '--max-connections=500',
  ];
  if (binaries.flavor === 'mysql') args.push('--mysqlx=OFF');
  return args;
}

/** Starts (initializing on first use) a loopback-only server whose files all live in `dir`. */
export async function startPrivateInstance(opts: PrivateInstanceOptions): Promise<PrivateInstance> {
  const { dir, binaries, log } = opts;
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  mkdirSync(dir, { recursive: true });
  await initializeDataDir(binaries, join(dir, 'data'), log);
  const port = await freePort();
  const url = `mysql://root@127.0.0.1:${port}`;
  const stateFile = join(dir, 'instance.json');
  let child: ChildProcess | null = null;

  // Last-resort cleanup so an aborted test run does not leave a daemon behind.
  const killOnExit = (): void => {
    child?.kill('SIGTERM');
  };

  async function start(): Promise<void> {
    log(`starting private ${binaries.flavor} on 127.0.0.1:${port} (files in ${dir})`);
    const proc = spawn(binaries.server, serverArgs(binaries, dir, port), { stdio: 'ignore' });
    child = proc;
    process.once('exit', killOnExit);
    const failure: { error: Error | null } = { error: null };
    proc.once('exit', (code, signal) => {
      failure.error = new Error(
        `${binaries.server} exited (${signal ?? code}) while starting:\n${tail(join(dir, 'mysqld.err'))}`,
      );
    });
    proc.once('error', (err) => {
      failure.error = err;
    });
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (failure.error) {
        await stop();
        throw failure.error;
      }
      const probe = await probeMysql(url, 1000);
      if (probe.ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `private ${binaries.flavor} did not answer within ${startTimeoutMs} ms:\n${tail(join(dir, 'mysqld.err'))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    writeFileSync(stateFile, JSON.stringify({ pid: proc.pid, port, url }));
    log(`private ${binaries.flavor} ready at ${url}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = null;
    process.removeListener('exit', killOnExit);
    rmSync(stateFile, { force: true });
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    url,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}

/** A private instance started by another process from the same folder, if it still answers. */
export async function findRunningInstance(dir: string): Promise<string | null> {
  const stateFile = join(dir, 'instance.json');
  if (!existsSync(stateFile)) return null;
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid?: unknown; url?: unknown };
    if (typeof state.pid !== 'number' || typeof state.url !== 'string') return null;
    process.kill(state.pid, 0);
    return (await probeMysql(state.url, 1000)).ok ? state.url : null;
  } catch {
    return null;
  }
}
