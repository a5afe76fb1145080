import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomDatabaseName } from '../mysql/database.ts';
import { type RunningDevStack, startDevStack } from '../stack/dev-run.ts';
import { repoRoot } from '../stack/worker-process.ts';
import { allExamples, examplesIn, locationShape } from './examples.ts';

const run = promisify(execFile);
const examples = allExamples();
const dir = mkdtempSync(join(tmpdir(), 'doc-examples-'));
let stack: RunningDevStack;

beforeAll(async () => {
  stack = await startDevStack(randomDatabaseName('tracker_dev_docs'));
}, 200_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

// Each block runs alone in a fresh bash, as a reader pastes it after `source .dev/stack.env` (the
// test stack's own file stands in for .dev/stack.env, in the block too);
// curl is wrapped to record each call's HTTP status and Location, and an unset variable fails the block.
const CURL_WRAPPER = `curl() {
  local body headers code location
  body=$(mktemp); headers=$(mktemp)
  code=$(command curl -sS -o "$body" -D "$headers" -w '%{http_code}' "$@") || code="failed"
  location=$(grep -i '^location:' "$headers" | tail -1 | sed 's/^[^:]*: *//' | tr -d '\\r' || true)
  printf '%s\\t%s\\n' "$code" "$location" >> "$CURL_STATUSES"
  cat "$body"; echo; rm -f "$body" "$headers"
}`;

async function runExample(script: string, name: string) {
  const statuses = join(dir, `${name}.statuses`);
  writeFileSync(statuses, '');
  const file = join(dir, `${name}.sh`);
  writeFileSync(
    file,
    `set -euo pipefail\nsource ${JSON.stringify(stack.envFile)}\n${CURL_WRAPPER}\n${script.replaceAll('.dev/stack.env', JSON.stringify(stack.envFile))}`,
  );
  const result = await run('bash', [file], {
    cwd: repoRoot,
    env: { ...process.env, CURL_STATUSES: statuses },
    timeout: 60_000,
  }).catch((err: { stdout: string; stderr: string; code: number }) => err);
  const answers = readFileSync(statuses, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [status, location] = line.split('\t');
      return { status: status!, location: location ?? '' };
    });
  return { ...result, answers };
}

describe('the examples parser', () => {
  it('finds each curl of a block and the status its comment names', () => {
    const text = [
      '```sh',
      '# a comment that mentions curl',
      'curl -i "$API/c/1/1"',
      '# HTTP/1.1 302 Found',
      '# Location: http://127.0.0.1:8790/offer?click_id=1',
      'curl -X POST "$API/x" \\',
      "  -d '{}'",
      '```',
      '```json',
      '{"curl ": 1}',
      '```',
    ].join('\n');
    expect(examplesIn('x.md', text)).toEqual([
      expect.objectContaining({
        file: 'x.md',
        line: 1,
        expected: [
          { status: 302, location: 'http://127.0.0.1:8790/offer?click_id=1' },
          { status: null, location: null },
        ],
      }),
    ]);
  });

  it('compares a Location up to its query, whatever the loopback port', () => {
    expect(locationShape('http://127.0.0.1:8790/offer?click_id=a&lp=a')).toBe(
      'http://127.0.0.1/offer',
    );
    expect(locationShape('intent://open?c=1#Intent;end')).toBe('intent://open');
  });
});

describe('every curl in README.md and docs/*.md, against the demo stack', () => {
  it('finds examples in the README and in docs/', () => {
    expect(examples.some((e) => e.file === 'README.md')).toBe(true);
    expect(examples.some((e) => e.file.startsWith('docs/'))).toBe(true);
  });

  for (const example of examples) {
    const name = `${example.file}:${example.line}`;
    it(name, async () => {
      const result = await runExample(example.script, name.replace(/[^\w.-]/g, '_'));
      const report = `${name}\n${example.script}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
      expect(result.stderr, report).not.toMatch(/unbound variable|command not found/);
      expect(result.answers.length, report).toBe(example.expected.length);
      example.expected.forEach((want, i) => {
        const got = result.answers[i]!;
        const which = `curl #${i + 1} of ${report}`;
        if (want.status === null) expect(got.status, which).toMatch(/^[23]\d\d$/);
        else expect(Number(got.status), which).toBe(want.status);
        if (want.location !== null)
          expect(locationShape(got.location), which).toBe(locationShape(want.location));
      });
      expect('code' in result ? result.code : 0, report).toBe(0);
    });
  }
});
