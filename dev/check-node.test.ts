import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './stack/worker-process.ts';

const runAs = (version: string) =>
  spawnSync(
    process.execPath,
    [
      '-e',
      `Object.defineProperty(process, 'versions', { value: { node: '${version}' } }); require('./dev/check-node.cjs')`,
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );

describe('Node version check', () => {
  it('refuses an old Node in one line that says how to get a new one', () => {
    const old = runAs('20.11.1');
    expect(old.status).toBe(1);
    expect(old.stderr.trim()).toBe(
      'Node >= 22.12 is needed (you have 20.11.1). Without nvm: npm install --prefix .node node@24 && export PATH="$PWD/.node/node_modules/.bin:$PATH"',
    );
    expect(runAs('22.11.0').status).toBe(1);
  });

  it('lets a new enough Node through silently', () => {
    for (const version of ['22.12.0', '24.21.0', '25.0.0']) {
      const ok = runAs(version);
      expect(ok.status).toBe(0);
      expect(ok.stderr).toBe('');
    }
    expect(
      execFileSync(process.execPath, ['dev/check-node.cjs'], { cwd: repoRoot, encoding: 'utf8' }),
    ).toBe('');
  });

  it('runs first in every npm script', () => {
    const { scripts } = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const [name, command] of Object.entries(scripts))
      expect(command, name).toMatch(/^node dev\/check-node\.cjs && /);
  });
});
