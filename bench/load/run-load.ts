import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadMessage, LoadPlan, LoadResult, LoadTick } from './plan.ts';

const childScript = fileURLToPath(new URL('./autocannon-child.ts', import.meta.url));

/** Runs one scenario in a separate load-generator process and returns its measurements. */
export async function runLoad(
  plan: LoadPlan,
  onTick?: (tick: LoadTick) => void,
): Promise<LoadResult> {
  const child = spawn(process.execPath, [childScript], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(JSON.stringify(plan));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let result: LoadResult | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const message = JSON.parse(line) as LoadMessage;
    if (message.type === 'tick') onTick?.(message);
    else result = message;
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0 || !result)
    throw new Error(`load generator for ${plan.label} exited ${code}: ${stderr.slice(-1000)}`);
  return result;
}
