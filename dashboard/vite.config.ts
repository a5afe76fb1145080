import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { pagesHeadersFile } from './security-headers.ts';
import { LOCAL_API_URL } from './src/config.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
// Worker modules the dashboard runs (the vendor preset table) are only ever imported by console pages.
const onDemand =
  /\/src\/(console\/|components\/quality\/|components\/(LinksPage|LinkBuilder|PostbackUrlPanel|TestPostbackPanel|QualityPage)\.tsx)|\/worker\//;

// dist/_headers for Cloudflare Pages; its connect-src names the API the build points at.
function pagesHeaders(apiUrl: string): Plugin {
  return {
    name: 'pages-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: pagesHeadersFile(apiUrl) });
    },
  };
}

// Relative asset paths so dist/ works from any Pages path or a plain static server.
export default defineConfig(({ mode }) => ({
  root,
  base: './',
  envDir: root,
  plugins: [
    preact({ devToolsEnabled: false, prefreshEnabled: false }),
    pagesHeaders(loadEnv(mode, root, 'VITE_').VITE_API_URL || LOCAL_API_URL),
  ],
  // Sizes are printed once, by dashboard/scripts/size.ts (gzip -9, the budget's measure), not also by Vite.
  logLevel: 'warn',
  build: {
    reportCompressedSize: false,
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // One entry file for everything but the pages loaded on demand (see LazyPage.tsx): shared
        // helpers split into tiny chunks would each cost a request and gzip worse.
        codeSplitting: { groups: [{ name: 'index', test: (id: string) => !onDemand.test(id) }] },
      },
    },
  },
}));
