import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runLoad } from '../load/run-load.ts';
import { profileIsolate } from '../profile/inspector.ts';
import { summarize, type ProfileSummary } from '../profile/summary.ts';
import { loadTicker, step } from '../progress.ts';
import { benchDir } from '../runtime/paths.ts';
import type { BenchContext } from './context.ts';
import { drainClickQueue } from './drain.ts';
import { scenarioPlan } from './scenarios.ts';

/** A separate redirect run with the V8 profiler attached (slower, so never one of the measured runs). */
export async function profileRedirect(ctx: BenchContext): Promise<ProfileSummary | null> {
  if (!ctx.runtime.inspectorUrl) return null;
  step('profiling the redirect in workerd (separate run, not measured)');
  const plan = scenarioPlan(ctx, 'redirect', []);
  const { profile } = await profileIsolate(ctx.runtime.inspectorUrl, () =>
    runLoad(
      { ...plan, warmupSeconds: 1 },
      loadTicker('redirect (profiled)', 1 + ctx.flags.duration),
    ),
  );
  await drainClickQueue(ctx);
  const file = join(benchDir, 'redirect.cpuprofile');
  await writeFile(file, JSON.stringify(profile));
  step(`  wrote ${file} (open in Chrome DevTools > Performance)`);
  return summarize(profile, await readFile(ctx.bundlePath, 'utf8'));
}
