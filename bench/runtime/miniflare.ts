import { dirname, join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { floorWorkerPath, noopWorkerPath, repoRoot } from './paths.ts';

export interface BenchRuntime {
  /** The tracker on its own workerd socket: no Miniflare entry worker in front. */
  trackerUrl: string;
  /** The no-op worker on its own workerd socket, same process, same options. */
  noopUrl: string;
  /** The redirect's bindings without the app (see floor-worker.js), same process. */
  floorUrl: string;
  /** Miniflare's entry socket (routes to the no-op worker), for the proxy comparison. */
  entryUrl: string;
  /** DevTools websocket of the tracker isolate, when started with `inspect`. */
  inspectorUrl?: string;
  compatibilityDate: string;
  /** Lines the worker printed that look like errors, for the run's diagnostics. */
  errorLines: string[];
  dispose(): Promise<void>;
}

export interface RuntimeOptions {
  bundlePath: string;
  vars: Record<string, string>;
  inspect: boolean;
}

// Bindings, queues and compatibility come from wrangler.toml, exactly as `wrangler dev` reads them.
export async function startRuntime(opts: RuntimeOptions): Promise<BenchRuntime> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(repoRoot, 'wrangler.toml'));
  // modulesRules only matter for unbundled sources; the bundle already is one module.
  const { modulesRules: _unused, ...toml } = workerOptions as unknown as V4WorkerOptions & {
    bindings: Record<string, string>;
    compatibilityDate: string;
    ratelimits?: Record<string, unknown>;
  };
  const direct = [{ host: '127.0.0.1', port: 0 }];
  const errorLines: string[] = [];
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      cf: false,
      logRequests: false,
      ...(opts.inspect ? { inspectorPort: 0 } : {}),
      handleStructuredLogs(log) {
        if ((log.level === 'error' || log.level === 'warn') && errorLines.length < 200)
          errorLines.push(log.message.slice(0, 500));
      },
      workers: [
        {
          name: 'noop',
          modules: true,
          scriptPath: noopWorkerPath,
          compatibilityDate: toml.compatibilityDate,
          unsafeDirectSockets: direct,
        },
        {
          name: 'floor',
          modules: true,
          scriptPath: floorWorkerPath,
          compatibilityDate: toml.compatibilityDate,
          bindings: { SECRET: opts.vars['TRACKER_SECRET'] ?? 'bench' },
          queueProducers: { FLOOR_QUEUE: { queueName: 'bench-floor' } },
          queueConsumers: { 'bench-floor': { maxBatchSize: 100, maxBatchTimeout: 1 } },
          // The same limits as the tracker's click limiter, under another namespace.
          ...(toml.ratelimits?.['CLICK_RATE_LIMITER']
            ? {
                ratelimits: {
                  FLOOR_LIMITER: {
                    ...(toml.ratelimits['CLICK_RATE_LIMITER'] as object),
                    name: 'FLOOR_LIMITER',
                    namespace_id: '9001',
                  },
                },
              }
            : {}),
          unsafeDirectSockets: direct,
        } as V4WorkerOptions,
        {
          ...toml,
          name: 'tracker',
          modules: true,
          modulesRoot: dirname(opts.bundlePath),
          scriptPath: opts.bundlePath,
          bindings: { ...toml.bindings, ...opts.vars },
          unsafeDirectSockets: direct,
        } as V4WorkerOptions,
      ],
    }),
  );
  const entry = await mf.ready;
  const [tracker, noop, floor] = await Promise.all([
    mf.unsafeGetDirectURL('tracker'),
    mf.unsafeGetDirectURL('noop'),
    mf.unsafeGetDirectURL('floor'),
  ]);
  const inspector = opts.inspect ? await mf.getInspectorURL() : undefined;
  return {
    trackerUrl: origin(tracker),
    noopUrl: origin(noop),
    floorUrl: origin(floor),
    entryUrl: origin(entry),
    ...(inspector ? { inspectorUrl: `ws://${inspector.host}/core:user:tracker` } : {}),
    compatibilityDate: toml.compatibilityDate,
    errorLines,
    dispose: () => mf.dispose(),
  };
}

function origin(url: URL): string {
  return url.origin;
}
