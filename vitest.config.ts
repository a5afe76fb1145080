import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vitest/config';

// Fresh per run: a committed value would be a published secret (the worker refuses known ones).
export const testSecrets = {
  ADMIN_TOKEN: `admin_${randomBytes(24).toString('base64url')}`,
  TRACKER_SECRET: randomBytes(36).toString('base64url'),
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'dashboard',
          include: ['dashboard/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['dashboard/test/global-setup.ts'],
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
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...testSecrets,
                DATABASE_URL: inject('databaseUrl'),
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
          globalSetup: ['worker/test/global-setup.ts'],
          // One database and one fail switch are shared, so files run one after another.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
