import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../stack/worker-process.ts';

/** One ```sh or ```bash block of the docs that calls curl. */
export interface Example {
  file: string;
  /** 1-based line of the block's opening fence. */
  line: number;
  script: string;
  /** Per curl command, in order, what the comments after it say it answers. */
  expected: ExpectedAnswer[];
}

export interface ExpectedAnswer {
  /** From `# HTTP/1.1 NNN`; null: any 2xx or 3xx. */
  status: number | null;
  /** From `# Location: URL`; null: not checked. */
  location: string | null;
}

const CURL = /(^|[\s(|;&])curl\s/;
const STATUS = /^#\s*HTTP\/[\d.]+\s+(\d{3})\b/;
const LOCATION = /^#\s*Location:\s*(\S+)/i;

/** README.md and every docs/*.md, the files whose examples are run. */
export function docFiles(): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export function examplesIn(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```(sh|bash)\n([\s\S]*?)^```$/gm;
  for (const match of text.matchAll(fence)) {
    const script = match[2]!;
    const lines = script.split('\n');
    const expected: ExpectedAnswer[] = [];
    for (const line of lines) {
      const trimmed = line.trim();
      const last = expected.at(-1);
      // The comments after a curl, before the next one, say what it answers.
      const status = STATUS.exec(trimmed);
      const location = LOCATION.exec(trimmed);
      if (last && status && last.status === null) last.status = Number(status[1]);
      else if (last && location && last.location === null) last.location = location[1]!;
      else if (!trimmed.startsWith('#') && CURL.test(trimmed))
        expected.push({ status: null, location: null });
    }
    if (!expected.length) continue;
    const line = text.slice(0, match.index).split('\n').length;
    examples.push({ file, line, script, expected });
  }
  return examples;
}

export const allExamples = (): Example[] =>
  docFiles().flatMap((file) => examplesIn(file, readFileSync(join(repoRoot, file), 'utf8')));

/**
 * What of a Location the docs promise: the URL up to its query (click ids and splits vary), with a
 * loopback port left out, since every stack's demo advertiser listens on a port of its own.
 */
export function locationShape(location: string): string {
  return location.split('?')[0]!.replace(/^(https?:\/\/127\.0\.0\.1):\d+/, '$1');
}
