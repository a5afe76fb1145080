import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const benchDir = join(repoRoot, 'bench');
export const wranglerBin = join(repoRoot, 'node_modules', '.bin', 'wrangler');
export const noopWorkerPath = join(benchDir, 'runtime', 'noop-worker.js');
export const floorWorkerPath = join(benchDir, 'runtime', 'floor-worker.js');
