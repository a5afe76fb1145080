import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../stack/worker-process.ts';
import { openApiDocument } from './document.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeDocument(): Promise<string> {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
  return file;
}

describe('the OpenAPI document', () => {
  it('passes Redocly lint with the recommended rules: no errors, no warnings', async () => {
    const file = await writeDocument();
    const redocly = join(repoRoot, 'node_modules', '.bin', 'redocly');
    const result = await run(
      redocly,
      ['lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: repoRoot,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(result.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('names every operation, so generated clients get good method names', async () => {
    const doc = (await openApiDocument()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
