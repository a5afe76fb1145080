import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { parseWorkerSize } from '../bench/phases/worker-size.ts';
import { WORKER_GZIP_BUDGET_KIB } from '../bench/results/targets.ts';
import { dryRunDeploy } from '../bench/runtime/build.ts';
import { repoRoot } from '../bench/runtime/paths.ts';
import { newApp } from '../worker/app.ts';
import { documentOnlyEnv, openApiDocument } from './openapi/document.ts';

// The upload `wrangler deploy` makes (its aliases and build step), not the sources the worker
// tests import: the size a cold start pays for, and the behaviour of what is actually deployed.
const outdir = mkdtempSync(join(tmpdir(), 'tracker-bundle-'));
const origin = 'https://tracking.shop.test';
let build: { code: number | null; output: string };
let mf: Miniflare | undefined;

beforeAll(async () => {
  build = await dryRunDeploy(outdir);
  if (build.code !== 0) return;
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(repoRoot, 'wrangler.toml'));
  const { modulesRules: _unbundled, ...toml } = workerOptions as unknown as V4WorkerOptions & {
    bindings: Record<string, unknown>;
  };
  const vars = Object.fromEntries(
    Object.entries(documentOnlyEnv).filter(([, value]) => typeof value === 'string'),
  );
  mf = new Miniflare(
    convertV4MiniflareOptions({
      cf: false,
      workers: [
        {
          ...toml,
          name: 'tracker',
          modules: true,
          modulesRoot: outdir,
          scriptPath: join(outdir, 'index.js'),
          bindings: { ...toml.bindings, ...vars },
        } as V4WorkerOptions,
      ],
    }),
  );
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(outdir, { recursive: true, force: true });
});

type Init = { method?: string; headers?: Record<string, string>; body?: string };

const deployed = async (path: string, init?: Init) =>
  (await mf!.dispatchFetch(`${origin}${path}`, init)) as unknown as Response;
const fromSources = (path: string, init?: Init) =>
  newApp().request(`${origin}${path}`, init, documentOnlyEnv);

describe('the deployed worker bundle', () => {
  it(`uploads at most ${WORKER_GZIP_BUDGET_KIB} KiB gzipped`, () => {
    const size = parseWorkerSize(build.code, build.output);
    expect(size, build.output.slice(-2000)).toMatchObject({ measured: true });
    if (size.measured) expect(size.gzipKiB).toBeLessThanOrEqual(WORKER_GZIP_BUDGET_KIB);
  });

  it('serves the OpenAPI document generated from the routes, with its own server', async () => {
    const res = await deployed('/openapi.json');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(JSON.stringify(await openApiDocument(origin)));
  });

  it('answers like the app run from its sources, bad input with the messages of the full zod', async () => {
    const admin = { authorization: `Bearer ${documentOnlyEnv.ADMIN_TOKEN}` };
    const json = { ...admin, 'content-type': 'application/json' };
    const requests: [string, Init, number][] = [
      // The database is unreachable: the client is built and its error handled.
      ['/health', {}, 503],
      ['/me', { headers: admin }, 200],
      ['/nope', {}, 404],
      ['/affiliates/1/clicks?limit=0&from=yesterday', { headers: admin }, 400],
      [
        '/campaigns',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ name: '', offer_url: 'ftp://x', default_payout: '1.234567' }),
        },
        400,
      ],
      [
        '/campaigns/1/rules',
        {
          method: 'PUT',
          headers: json,
          body: JSON.stringify({ rules: [{ conditions: { browser: [''] }, action: {} }] }),
        },
        400,
      ],
    ];
    for (const [path, init, status] of requests) {
      const [bundle, sources] = await Promise.all([deployed(path, init), fromSources(path, init)]);
      expect(sources.status, path).toBe(status);
      expect(bundle.status, path).toBe(status);
      expect(await bundle.json(), path).toEqual(await sources.json());
    }
  });
});
