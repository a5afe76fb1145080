import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePrivateFile } from './private-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'stack-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('7. .dev/stack.json is readable by its owner only', () => {
  it('is written with mode 0600, also over an existing world-readable file', () => {
    const fresh = join(dir, 'fresh.json');
    writePrivateFile(fresh, '{}');
    expect(mode(fresh)).toBe(0o600);

    const old = join(dir, 'old.json');
    writeFileSync(old, '{"adminToken":"x"}', { mode: 0o644 });
    writePrivateFile(old, '{}');
    expect(mode(old)).toBe(0o600);
  });
});
