import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const dashboardRoot = fileURLToPath(new URL('.', import.meta.url));
export const defaultDistDir = join(dashboardRoot, 'dist');

/** Builds dashboard/dist with Vite (the same as `vite build --config dashboard/vite.config.ts`). */
export async function buildDashboard(
  opts: { outDir?: string; quiet?: boolean } = {},
): Promise<string> {
  const { build } = await import('vite');
  const outDir = opts.outDir ?? defaultDistDir;
  await build({
    configFile: join(dashboardRoot, 'vite.config.ts'),
    logLevel: opts.quiet ? 'warn' : 'info',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Builds only when there is no built index.html yet. */
export async function ensureDashboardBuilt(distDir: string = defaultDistDir): Promise<string> {
  if (!existsSync(join(distDir, 'index.html')))
    await buildDashboard({ outDir: distDir, quiet: true });
  return distDir;
}
