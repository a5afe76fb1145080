import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// Relative asset paths so dist/ works from any Pages path or a plain static server.
export default defineConfig({
  root,
  base: './',
  envDir: root,
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  // Sizes are printed once, by dashboard/scripts/size.ts (gzip -9, the budget's measure), not also by Vite.
  logLevel: 'warn',
  build: {
    reportCompressedSize: false,
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
});
