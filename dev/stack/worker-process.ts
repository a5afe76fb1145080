import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcess {
  url: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  port: number;
  vars: Record<string, string>;
  stateDir: string;
  log?: (line: string) => void;
}

// Runs the worker under `wrangler dev` (workerd + Miniflare's local queues and KV).
export async function startWorker(opts: WorkerOptions): Promise<WorkerProcess> {
  rmSync(opts.stateDir, { recursive: true, force: true });
  mkdirSync(opts.stateDir, { recursive: true });
  const envFile = join(opts.stateDir, 'worker.env');
  writeFileSync(
    envFile,
    Object.entries(opts.vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  );
  const wrangler = join(repoRoot, 'node_modules', '.bin', 'wrangler');
  const child = spawn(
    wrangler,
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--inspector-port',
      '0',
      '--persist-to',
      join(opts.stateDir, 'state'),
      '--env-file',
      envFile,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      opts.log?.(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${opts.port}`;
  await waitUntilHealthy(url, child, output);
  // SIGINT is wrangler's own Ctrl-C path: it disposes its esbuild service before exiting, where
  // SIGTERM left that Go child to die with "all goroutines are asleep".
  return { url, stop: () => stopChild(child, 'SIGINT') };
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited (${child.exitCode}):\n${output.slice(-30).join('\n')}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error(
    `wrangler dev did not answer on ${url} within 90 s:\n${output.slice(-30).join('\n')}`,
  );
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
