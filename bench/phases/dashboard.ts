import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measureBundle } from '../../dashboard/scripts/budgets.ts';
import type { DashboardSize } from '../results/types.ts';
import { repoRoot } from '../runtime/paths.ts';

const DIST = join(repoRoot, 'dashboard', 'dist');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

/** Gzipped bytes (level 9, what a CDN serves at best) of the built dashboard's JavaScript and CSS. */
export async function measureDashboard(): Promise<DashboardSize> {
  const exists = await stat(DIST).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists)
    return { measured: false, note: 'dashboard/dist is missing: run `npm run build` first' };
  const files = (await filesUnder(DIST)).filter(
    (f) => /\.(m?js|css)$/.test(f) && !f.endsWith('.map'),
  );
  if (files.length === 0)
    return { measured: false, note: 'dashboard/dist has no .js or .css files' };
  const sized = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      return {
        file: relative(repoRoot, file),
        bytes: bytes.length,
        gzipBytes: gzipSync(bytes, { level: 9 }).length,
      };
    }),
  );
  const sum = (ext: RegExp) =>
    sized.filter((f) => ext.test(f.file)).reduce((n, f) => n + f.gzipBytes, 0);
  const bundle = measureBundle(DIST);
  return {
    measured: true,
    jsGzipBytes: sum(/\.m?js$/),
    cssGzipBytes: sum(/\.css$/),
    initialJsGzipBytes: bundle.initialJsGzipBytes,
    largestChunkGzipBytes: bundle.largestChunk?.gzipBytes ?? 0,
    files: sized,
  };
}
