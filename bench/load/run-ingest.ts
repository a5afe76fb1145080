import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IngestPlan, IngestResult } from './ingest-plan.ts';

const childScript = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

/** Runs one ingestion mode in its own process and returns rows persisted per second. */
export async function runIngest(plan: IngestPlan): Promise<IngestResult> {
  const child = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(JSON.stringify(plan));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0)
    throw new Error(`ingestion (${plan.mode}) exited ${code}: ${stderr.slice(-1000)}`);
  if (stderr) process.stderr.write(stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as IngestResult;
}
