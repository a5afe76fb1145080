// Which built files a visitor downloads first, and which only when a console page opens.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An affiliate's first load: the entry script and what index.html preloads. */
export const INITIAL_JS_BUDGET_BYTES = 25 * 1024;
/** Each lazily loaded console chunk. */
export const CHUNK_JS_BUDGET_BYTES = 40 * 1024;

export interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  initial: boolean;
}

export interface BundleReport {
  files: SizedFile[];
  initialJsGzipBytes: number;
  largestChunk: SizedFile | null;
  overBudget: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function measureBundle(dist: string): BundleReport {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const referenced = new Set(
    [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!),
  );
  const files = walk(dist)
    .filter((f) => /\.(js|css)$/.test(f))
    .sort()
    .map((path) => {
      const raw = readFileSync(path);
      const file = relative(dist, path);
      return {
        file,
        bytes: raw.length,
        gzipBytes: gzipSync(raw, { level: 9 }).length,
        initial: file.endsWith('.css') || referenced.has(file),
      };
    });
  const js = files.filter((f) => f.file.endsWith('.js'));
  const initialJsGzipBytes = js.filter((f) => f.initial).reduce((n, f) => n + f.gzipBytes, 0);
  const chunks = js.filter((f) => !f.initial);
  const largestChunk = chunks.reduce<SizedFile | null>(
    (a, f) => (!a || f.gzipBytes > a.gzipBytes ? f : a),
    null,
  );
  const overBudget = [
    ...(initialJsGzipBytes > INITIAL_JS_BUDGET_BYTES
      ? [`initial JavaScript ${initialJsGzipBytes} B > ${INITIAL_JS_BUDGET_BYTES} B`]
      : []),
    ...chunks
      .filter((c) => c.gzipBytes > CHUNK_JS_BUDGET_BYTES)
      .map((c) => `${c.file} ${c.gzipBytes} B > ${CHUNK_JS_BUDGET_BYTES} B`),
  ];
  return { files, initialJsGzipBytes, largestChunk, overBudget };
}
