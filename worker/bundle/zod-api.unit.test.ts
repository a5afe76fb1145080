import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as bundled from './zod-api.ts';

const ROOTS = ['worker', 'drizzle'];
// Names only ever read in type positions (z.infer<...>, z.core.$ZodIssue), which the bundle drops.
const TYPE_ONLY = new Set(['infer', 'input', 'output', 'core']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the zod API in the deployed bundle (wrangler.toml [alias])', () => {
  it('has every z.<name> the worker sources call', () => {
    const missing = new Set<string>();
    for (const file of ROOTS.flatMap(sources)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g))
        if (!TYPE_ONLY.has(name!) && !(name! in bundled))
          missing.add(`z.${name} (${relative('.', file)})`);
    }
    expect(
      [...missing],
      'add these names to worker/bundle/zod-api.ts, or the deployed worker fails on them',
    ).toEqual([]);
  });
});
