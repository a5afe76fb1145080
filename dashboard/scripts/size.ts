// Prints the gzipped size of every JS and CSS file in dashboard/dist and checks the budgets:
// the affiliate's initial JavaScript, and each console chunk loaded on demand.
import { fileURLToPath } from 'node:url';
import {
  CHUNK_JS_BUDGET_BYTES,
  INITIAL_JS_BUDGET_BYTES,
  measureBundle,
  type BundleReport,
} from './budgets.ts';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

let report: BundleReport;
try {
  report = measureBundle(dist);
} catch {
  console.error(`No build in ${dist}: run \`npm run build\` first.`);
  process.exit(1);
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KiB`;
for (const f of report.files) {
  const kind = f.file.endsWith('.css') ? 'css' : f.initial ? 'initial' : 'lazy chunk';
  console.log(
    `${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)} raw ${kb(f.gzipBytes).padStart(10)} gzip  ${kind}`,
  );
}
console.log(
  `${'Initial JavaScript (gzip)'.padEnd(44)} ${kb(report.initialJsGzipBytes).padStart(25)} of ${kb(INITIAL_JS_BUDGET_BYTES)} budget`,
);
if (report.largestChunk) {
  console.log(
    `${'Largest console chunk (gzip)'.padEnd(44)} ${kb(report.largestChunk.gzipBytes).padStart(25)} of ${kb(CHUNK_JS_BUDGET_BYTES)} budget each (${report.largestChunk.file})`,
  );
}
if (report.overBudget.length) {
  console.error(`Over budget: ${report.overBudget.join('; ')}`);
  process.exit(1);
}
