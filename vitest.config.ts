import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { parse } from 'smol-toml';
import { defineConfig } from 'vitest/config';
import { fileDatabases } from './worker/test/file-databases.ts';

// Fresh per run: a committed value would be a published secret (the worker refuses known ones).
export const testSecrets = {
  ADMIN_TOKEN: `admin_${randomBytes(24).toString('base64url')}`,
  TRACKER_SECRET: randomBytes(36).toString('base64url'),
};

interface QueueConsumer {
  queue: string;
  max_batch_size?: number;
  max_retries?: number;
  dead_letter_queue?: string;
}

// wrangler.toml's queue consumers with a short batch wait: tests wait on consumers, production batches.
function testQueueConsumers() {
  const { queues } = parse(readFileSync('wrangler.toml', 'utf8')) as unknown as {
    queues: { consumers: QueueConsumer[] };
  };
  return Object.fromEntries(
    queues.consumers.map((c) => [
      c.queue,
      {
        maxBatchSize: c.max_batch_size,
        maxBatchTimeout: 0.05,
        maxRetries: c.max_retries,
        deadLetterQueue: c.dead_letter_queue,
      },
    ]),
  );
}

// Tiers: `unit` (Node only: no database, workerd or browser), `worker` (workerd and MariaDB),
// `browser` (the dashboard in Chromium against the local stack), `dev` (the local tooling).
export default defineConfig({
  test: {
    // Worker and browser files mostly wait on MariaDB and workerd, so more files than cores run at once.
    maxWorkers: 4,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['worker/**/*.unit.test.ts', 'dashboard/src/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['dashboard/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['dashboard/test/global-setup.ts'],
          // A page waits on the API and the queues; on a loaded 2-core machine that takes seconds, not one.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'dev',
          include: ['dev/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          // Called once per test file: each file gets its own database (worker/test/file-databases.ts).
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              queueConsumers: testQueueConsumers(),
              bindings: {
                ...testSecrets,
                DATABASE_URL: await fileDatabases().next(),
                RECEIVER_URL: inject('receiverUrl'),
                RETRY_BASE_SECONDS: '0',
                // Tests talk to the local PlanetScale endpoint over http, with a loopback dashboard origin.
                LOCAL_DEPLOYMENT: 'true',
                // The test receiver listens on loopback.
                ALLOW_LOOPBACK_POSTBACKS: 'true',
                CONFIG_CACHE_SECONDS: '0',
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['worker/**/*.test.ts'],
          exclude: ['worker/**/*.unit.test.ts'],
          globalSetup: ['worker/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
