import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveLatency } from '../results/types.ts';
import { benchDir, repoRoot } from '../runtime/paths.ts';

const RESULT = join(benchDir, 'live-latency.json');

/**
 * Event-to-screen latency in a real browser: runs the dashboard's live browser test (the whole
 * local stack under `wrangler dev`, Chromium on the clicks and conversions pages) with more samples,
 * and reads the percentiles it writes.
 */
export async function measureLive(samples: number): Promise<LiveLatency> {
  await rm(RESULT, { force: true });
  const vitest = join(repoRoot, 'node_modules', '.bin', 'vitest');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(vitest, ['run', '--project', 'dashboard', 'dashboard/test/live.test.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LIVE_SAMPLES: String(samples), LIVE_LATENCY_FILE: RESULT },
    });
    child.on('exit', resolve);
  });
  try {
    const report = JSON.parse(await readFile(RESULT, 'utf8')) as Omit<
      Extract<LiveLatency, { measured: true }>,
      'measured'
    >;
    return { measured: true, ...report };
  } catch {
    return {
      measured: false,
      note: `the live browser test did not write ${RESULT} (exit ${code})`,
    };
  }
}
