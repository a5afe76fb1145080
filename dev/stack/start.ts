import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '../mysql/database.ts';
import { findOrStartMysql, type MysqlServer } from '../mysql/server.ts';
import { advertiserPostbackUrl, postbackUrl } from '../../worker/lib/postback-url.ts';
import { applyMigrations } from '../migrate.ts';
import { startPlanetScaleEndpoint, type PlanetScaleEndpoint } from '../psdb/server.ts';
import { startAdvertiser } from './advertiser.ts';
import type { DemoAdvertiserCampaign, DemoDefaultAdvertiser } from './demo-advertisers.ts';
import { loadDemoData, type DemoAffiliate, type DemoCampaign } from './demo-data.ts';
import {
  busyPorts,
  claimDatabase,
  databaseConflict,
  StackConflictError,
  type PortChoice,
} from './preflight.ts';
import { repoRoot, startWorker } from './worker-process.ts';

export interface StackOptions {
  apiPort?: number;
  psdbPort?: number;
  advertiserPort?: number;
  /** Database created (dropped first if it exists) for this stack. */
  databaseName?: string;
  demoClicks?: number;
  dashboardOrigin?: string;
  latencyMs?: number;
  /** Ports the caller will open beside the stack (the dashboard), checked with the stack's own. */
  otherPorts?: PortChoice[];
  /** Aborting stops whatever was started so far (Ctrl-C during start-up). */
  signal?: AbortSignal;
  /** Called once the ports and the database are known to be free, before anything is changed. */
  onChecked?: () => void;
  log?: (line: string) => void;
}

export interface StackAffiliate extends DemoAffiliate {
  postbackUrl: string;
  trackingLinks: { campaignId: number; url: string }[];
}

export interface StackAdvertiser {
  id: number;
  name: string;
  apiKey: string;
  postbackToken: string;
  postbackUrl: string;
  campaignIds: number[];
  campaigns: (DemoAdvertiserCampaign & { trackingLinks: { affiliateId: number; url: string }[] })[];
}

export interface Stack {
  apiUrl: string;
  mysqlUrl: string;
  databaseUrl: string;
  controlUrl: string | undefined;
  advertiserUrl: string;
  adminToken: string;
  /** Signs generated click ids; tests mint ids with it (a backdated click, say). */
  trackerSecret: string;
  affiliates: StackAffiliate[];
  campaigns: DemoCampaign[];
  smartlinks: { id: number; name: string; url: string }[];
  /**
   * Advertisers with campaigns of their own. Their campaigns are not in `campaigns`, which traffic
   * tools drive with affiliate postbacks: these refuse affiliate postbacks and carry a daily cap.
   */
  advertisers: StackAdvertiser[];
  /** Advertiser 1, which owns `campaigns`, with the API key the demo gives it. */
  defaultAdvertiser: DemoDefaultAdvertiser & { postbackUrl: string };
  mysql: MysqlServer;
  endpoint: PlanetScaleEndpoint;
  stop(): Promise<void>;
}

/**
 * MySQL (found or started), a fresh migrated database with demo data, the local PlanetScale
 * endpoint, the worker and the demo advertiser. Before it touches anything it checks that every
 * port is free and that no other stack holds the database, so a second start leaves the first alone.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((err) => log(`stop: ${String(err)}`));
  };
  const step = () => opts.signal?.throwIfAborted();
  try {
    const name = opts.databaseName ?? 'tracker_dev';
    const conflicts = await busyPorts([
      { variable: 'PORT', port: opts.apiPort ?? 8787 },
      ...(opts.otherPorts ?? []),
      { variable: 'ADVERTISER_PORT', port: opts.advertiserPort ?? 0 },
      { variable: 'PSDB_PORT', port: opts.psdbPort ?? 0 },
    ]);
    step();
    const mysql = await findOrStartMysql({ log: (line) => log(`mysql: ${line}`) });
    stops.push(() => mysql.stop());
    const claim = await claimDatabase(mysql.url, name);
    if (!claim) conflicts.push(databaseConflict(name));
    else stops.push(() => claim.release());
    if (conflicts.length) throw new StackConflictError(conflicts);
    opts.onChecked?.();
    step();
    await dropDatabase(mysql.url, name);
    const mysqlUrl = await createDatabase(mysql.url, name);
    await applyMigrations(mysqlUrl);
    log(`database ${name} migrated`);
    step();

    const endpoint = await startPlanetScaleEndpoint({
      mysqlUrl,
      port: opts.psdbPort ?? 0,
      controlPort: 0,
      username: 'tracker',
      password: randomBytes(12).toString('base64url'),
      latencyMs: opts.latencyMs ?? 0,
    });
    stops.push(() => endpoint.close());
    step();

    const adminToken = `admin_${randomBytes(24).toString('base64url')}`;
    const trackerSecret = randomBytes(32).toString('base64url');
    let apiUrl = '';
    const advertiser = await startAdvertiser({
      port: opts.advertiserPort ?? 0,
      apiUrl: () => apiUrl,
      adminToken,
    });
    stops.push(() => advertiser.close());
    step();

    const demo = await loadDemoData(mysqlUrl, trackerSecret, advertiser.url, {
      clicks: opts.demoClicks ?? 400,
    });
    step();

    const worker = await startWorker({
      port: opts.apiPort ?? 8787,
      stateDir: join(repoRoot, '.dev', `worker-${opts.apiPort ?? 8787}`),
      vars: {
        DATABASE_URL: endpoint.url,
        ADMIN_TOKEN: adminToken,
        TRACKER_SECRET: trackerSecret,
        DASHBOARD_ORIGIN: opts.dashboardOrigin ?? 'http://127.0.0.1:8788',
        RETRY_BASE_SECONDS: '1',
        // The demo advertiser and affiliate receivers listen on loopback; a deployment never sets this.
        ALLOW_LOOPBACK_POSTBACKS: 'true',
        // http to the local PlanetScale endpoint and a loopback dashboard origin are fine here only.
        LOCAL_DEPLOYMENT: 'true',
        // No Cloudflare edge locally: x-edge-country / x-edge-asn / x-edge-as-org headers stand in for request.cf
        // (country rules, quality signals, reports); honoured only with LOCAL_DEPLOYMENT=true.
        LOCAL_EDGE_SIMULATION: 'on',
      },
      log: (line) => log(`worker: ${line}`),
    });
    stops.push(() => worker.stop());
    apiUrl = worker.url;
    step();

    const affiliates = demo.affiliates.map((a) => ({
      ...a,
      postbackUrl: postbackUrl(apiUrl, a.id, a.postbackToken),
      trackingLinks: demo.campaigns.map((c) => ({
        campaignId: c.id,
        url: `${apiUrl}/c/${c.id}/${a.id}?sub1=demo`,
      })),
    }));
    return {
      apiUrl,
      mysqlUrl,
      databaseUrl: endpoint.url,
      controlUrl: endpoint.controlUrl,
      advertiserUrl: advertiser.url,
      adminToken,
      trackerSecret,
      affiliates,
      campaigns: demo.campaigns,
      smartlinks: demo.smartlinks.map((l) => ({
        ...l,
        url: `${apiUrl}/s/${l.id}/${demo.affiliates[0]!.id}?sub1=demo`,
      })),
      advertisers: demo.advertisers.map((a) => ({
        ...a,
        postbackUrl: advertiserPostbackUrl(apiUrl, a.postbackToken),
        campaignIds: a.campaigns.map((c) => c.id),
        campaigns: a.campaigns.map((c) => ({
          ...c,
          trackingLinks: demo.affiliates.map((af) => ({
            affiliateId: af.id,
            url: `${apiUrl}/c/${c.id}/${af.id}?sub1=demo`,
          })),
        })),
      })),
      defaultAdvertiser: {
        ...demo.defaultAdvertiser,
        postbackUrl: advertiserPostbackUrl(apiUrl, demo.defaultAdvertiser.postbackToken),
      },
      mysql,
      endpoint,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
