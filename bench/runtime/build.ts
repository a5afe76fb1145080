import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, wranglerBin } from './paths.ts';

// The same esbuild bundle `wrangler deploy` uploads, so workerd runs exactly what production runs.
export async function bundleTracker(): Promise<string> {
  const outdir = await mkdtemp(join(tmpdir(), 'tracker-bench-build-'));
  const child = spawn(wranglerBin, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bundling the worker failed (wrangler exited ${code}):\n${output.slice(-2000)}`);
  return join(outdir, 'index.js');
}
