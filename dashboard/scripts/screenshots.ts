// Runs the console's browser tests and keeps their 1280 px screenshots of each console page in
// dashboard/test/screenshots/, the committed picture of what an admin and an advertiser see.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_SCREENSHOTS } from '../test/console-screenshots.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const latest = join(root, 'dashboard/test/screenshots/latest');
const kept = join(root, 'dashboard/test/screenshots');

const files = [...new Set(CONSOLE_SCREENSHOTS.map((s) => `dashboard/test/${s.test}`))];
const vitest = join(root, 'node_modules/.bin/vitest');
const run = spawnSync(vitest, ['run', '--project', 'browser', ...files], {
  cwd: root,
  stdio: 'inherit',
});
if (run.status !== 0) {
  console.error('The console browser tests failed: no screenshot was kept.');
  process.exit(run.status ?? 1);
}

mkdirSync(kept, { recursive: true });
const missing: string[] = [];
for (const shot of CONSOLE_SCREENSHOTS) {
  const from = join(latest, `${shot.name}.png`);
  if (!existsSync(from)) {
    missing.push(shot.name);
    continue;
  }
  copyFileSync(from, join(kept, `${shot.name}.png`));
  console.log(`kept ${shot.name}.png  ${shot.page}`);
}
if (missing.length) {
  console.error(`Not taken by the tests: ${missing.join(', ')}`);
  process.exit(1);
}
