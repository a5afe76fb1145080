import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDatabase } from '../../dev/mysql/database.ts';
import { freePort } from '../../dev/mysql/free-port.ts';
import { findOrStartMysql } from '../../dev/mysql/server.ts';
import { startStack } from '../../dev/stack/start.ts';
import { repoRoot } from '../../dev/stack/worker-process.ts';
import { buildDashboard } from '../build.ts';
import { startDashboardServer } from '../serve.ts';

export interface DashboardFixture {
  dashboardUrl: string;
  apiUrl: string;
  adminToken: string;
  /** The stack's click-id signing secret, for minting a backdated click id. */
  trackerSecret: string;
  affiliates: { id: number; name: string; apiKey: string }[];
  campaigns: { id: number; name: string }[];
  /** The demo advertisers (Acme Software) with their API key and postback token. */
  advertisers: {
    id: number;
    name: string;
    apiKey: string;
    postbackToken: string;
    campaignIds: number[];
  }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    dashboard: DashboardFixture;
  }
}

const log = (line: string) => {
  // wrangler's update check fails offline; that is noise, not a stack error.
  if (process.env.DEBUG || (/error|exited/i.test(line) && !/workers\.cloudflare\.com/.test(line)))
    console.log(`[dashboard stack] ${line}`);
};

/**
 * A fresh build of the dashboard, the whole local stack on its own database with the demo data,
 * and the dashboard server whose origin the worker allows for CORS.
 */
export default async function setup(project: TestProject) {
  // Undone in reverse order at teardown, or at once when a later step fails.
  const cleanups: (() => Promise<void> | void)[] = [];
  const teardown = async () => {
    for (const undo of cleanups.reverse()) {
      try {
        await undo();
      } catch (err) {
        console.error(`[dashboard teardown] ${String(err)}`);
      }
    }
  };
  try {
    // A build of the current sources in a temporary folder, so a running `npm run dev` keeps its dist/.
    const distDir = mkdtempSync(join(tmpdir(), 'dashboard-test-'));
    cleanups.push(() => rmSync(distDir, { recursive: true, force: true }));
    await buildDashboard({ outDir: distDir, quiet: true });

    // Found (or started) here, so the stack treats it as shared and the teardown can still drop the database.
    const mysql = await findOrStartMysql({ log });
    cleanups.push(() => mysql.stop());
    const databaseName = `tracker_dashboard_test_${randomBytes(4).toString('hex')}`;
    cleanups.push(() => dropDatabase(mysql.url, databaseName));
    const apiPort = await freePort();
    const dashboardPort = await freePort();
    cleanups.push(() =>
      rmSync(join(repoRoot, '.dev', `worker-${apiPort}`), { recursive: true, force: true }),
    );
    const stack = await startStack({
      apiPort,
      advertiserPort: 0,
      databaseName,
      dashboardOrigin: `http://127.0.0.1:${dashboardPort}`,
      log,
    });
    cleanups.push(() => stack.stop());
    const server = await startDashboardServer({
      port: dashboardPort,
      apiUrl: stack.apiUrl,
      distDir,
    });
    cleanups.push(() => server.close());

    project.provide('dashboard', {
      dashboardUrl: server.url,
      apiUrl: stack.apiUrl,
      adminToken: stack.adminToken,
      trackerSecret: stack.trackerSecret,
      affiliates: stack.affiliates.map(({ id, name, apiKey }) => ({ id, name, apiKey })),
      campaigns: stack.campaigns.map(({ id, name }) => ({ id, name })),
      advertisers: stack.advertisers.map(({ id, name, apiKey, postbackToken, campaignIds }) => ({
        id,
        name,
        apiKey,
        postbackToken,
        campaignIds,
      })),
    });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
