import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, wranglerBin } from './paths.ts';

/** `wrangler deploy --dry-run` into `outdir`: the bundle and upload size a deployment would have, and what wrangler printed. */
export async function dryRunDeploy(
  outdir: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(wranglerBin, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

// The same esbuild bundle `wrangler deploy` uploads, so workerd runs exactly what production runs.
export async function bundleTracker(): Promise<string> {
  const outdir = await mkdtemp(join(tmpdir(), 'tracker-bench-build-'));
  const { code, output } = await dryRunDeploy(outdir);
  if (code !== 0)
    throw new Error(
      `bundling the worker failed (wrangler exited ${code}):\n${output.slice(-2000)}`,
    );
  return join(outdir, 'index.js');
}
