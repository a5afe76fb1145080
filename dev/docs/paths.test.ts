import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../stack/worker-process.ts';
import { docFiles } from './examples.ts';

// A path in backticks, as the docs name the file behind a behaviour.
const PATH = /`((?:worker|dev|dashboard|drizzle|migrations|bench|docs)\/[\w./-]*)`/g;

describe('the files the docs name', () => {
  for (const file of docFiles()) {
    it(`${file} names only files and folders that exist`, () => {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const missing = [...text.matchAll(PATH)]
        .map((m) => m[1]!)
        .filter((path) => !existsSync(join(repoRoot, path)));
      expect(missing).toEqual([]);
    });
  }
});
