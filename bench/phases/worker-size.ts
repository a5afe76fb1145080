import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerSize } from '../results/types.ts';
import { dryRunDeploy } from '../runtime/build.ts';

const UPLOAD = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/;

/** The upload size in what `wrangler deploy --dry-run` printed, or why there is none. */
export function parseWorkerSize(code: number | null, output: string): WorkerSize {
  const match = UPLOAD.exec(output);
  if (code !== 0 || !match)
    return {
      measured: false,
      note: `wrangler deploy --dry-run exited ${code} without an upload size`,
    };
  return { measured: true, uploadKiB: Number(match[1]), gzipKiB: Number(match[2]) };
}

/** The upload `wrangler deploy` would make, as wrangler itself reports it (cold starts pay for every byte). */
export async function measureWorkerSize(): Promise<WorkerSize> {
  const outdir = await mkdtemp(join(tmpdir(), 'tracker-size-'));
  try {
    const { code, output } = await dryRunDeploy(outdir);
    return parseWorkerSize(code, output);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
