import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../dev/migrate.ts';
import { createDatabase, dropDatabase } from '../dev/mysql/database.ts';
import { findOrStartMysql, type MysqlServer } from '../dev/mysql/server.ts';
import { startPlanetScaleEndpoint, type PlanetScaleEndpoint } from '../dev/psdb/server.ts';
import { loadDemoData, type DemoAffiliate, type DemoCampaign } from '../dev/stack/demo-data.ts';

export interface BenchDatabase {
  mysql: MysqlServer;
  /** The bench database itself, for fixtures loaded straight into MySQL. */
  mysqlUrl: string;
  endpoint: PlanetScaleEndpoint;
  affiliates: DemoAffiliate[];
  campaigns: DemoCampaign[];
  /** Worker secrets and vars, also needed to sign requests the way the worker checks them. */
  vars: {
    DATABASE_URL: string;
    ADMIN_TOKEN: string;
    TRACKER_SECRET: string;
    DASHBOARD_ORIGIN: string;
    RETRY_BASE_SECONDS: string;
    LOCAL_DEPLOYMENT: string;
  };
  close(opts: { dropDatabase: boolean }): Promise<void>;
}

// The offer URL is never fetched: the bench reads the Location header and stops there.
const OFFER_ORIGIN = 'https://offer.example';

/** A fresh migrated database with the demo affiliates and campaigns, behind the local PlanetScale endpoint. */
export async function startBenchDatabase(
  name: string,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const mysql = await findOrStartMysql({ log });
  await dropDatabase(mysql.url, name);
  const mysqlUrl = await createDatabase(mysql.url, name);
  await applyMigrations(mysqlUrl);
  const trackerSecret = randomBytes(32).toString('base64url');
  const demo = await loadDemoData(mysqlUrl, trackerSecret, OFFER_ORIGIN, { clicks: 100 });
  const endpoint = await startPlanetScaleEndpoint({
    mysqlUrl,
    username: 'bench',
    password: randomBytes(12).toString('base64url'),
    latencyMs: 0,
  });
  return {
    mysql,
    mysqlUrl,
    endpoint,
    affiliates: demo.affiliates,
    campaigns: demo.campaigns,
    vars: {
      DATABASE_URL: endpoint.url,
      ADMIN_TOKEN: `admin_${randomBytes(24).toString('base64url')}`,
      TRACKER_SECRET: trackerSecret,
      DASHBOARD_ORIGIN: 'http://127.0.0.1:8788',
      RETRY_BASE_SECONDS: '1',
      LOCAL_DEPLOYMENT: 'true',
    },
    async close({ dropDatabase: drop }) {
      await endpoint.close();
      if (drop) await dropDatabase(mysql.url, name);
      await mysql.stop();
    },
  };
}
