// Prints the gzipped size of every JS and CSS file in dashboard/dist; fails when the JS total is over budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 25 * 1024;
const dist = fileURLToPath(new URL('../dist', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let all: string[];
try {
  all = files(dist).filter((f) => /\.(js|css)$/.test(f)).sort();
} catch {
  console.error(`No build in ${dist}: run \`npm run build\` first.`);
  process.exit(1);
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
let jsTotal = 0;
for (const file of all) {
  const raw = readFileSync(file);
  const gzipped = gzipSync(raw, { level: 9 }).length;
  if (file.endsWith('.js')) jsTotal += gzipped;
  console.log(`${relative(dist, file).padEnd(40)} ${kb(raw.length).padStart(10)} raw ${kb(gzipped).padStart(10)} gzip`);
}
console.log(`${'JavaScript total (gzip)'.padEnd(40)} ${kb(jsTotal).padStart(25)} of ${kb(BUDGET_BYTES)} budget`);
if (jsTotal > BUDGET_BYTES) {
  console.error(`Over budget by ${kb(jsTotal - BUDGET_BYTES)}.`);
  process.exit(1);
}
