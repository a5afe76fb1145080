import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDashboardServer, type DashboardServer } from '../dashboard/serve.ts';
import { startStack, type Stack } from './stack/start.ts';
import { repoRoot } from './stack/worker-process.ts';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

function summary(stack: Stack, dashboard: DashboardServer): string {
  const [first] = stack.affiliates;
  const campaign = stack.campaigns[0]!;
  const lines = [
    '',
    'Edge affiliate tracker is running',
    `  API            ${stack.apiUrl}`,
    `  Dashboard      ${dashboard.url}  (sign in with an API key or the admin token)`,
    `  Demo advertiser ${stack.advertiserUrl}`,
    `  Admin token    ${stack.adminToken}`,
    '',
    'Affiliates:',
    ...stack.affiliates.flatMap((a) => [
      `  #${a.id} ${a.name}`,
      `     API key       ${a.apiKey}`,
      `     Postback URL  ${a.postbackUrl}`,
      `     Tracking link ${a.trackingLinks[0]!.url}`,
    ]),
    '',
    'Try it:',
    `  curl -i "${stack.apiUrl}/click?affiliate_id=${first!.id}&campaign_id=${campaign.id}&click_id=abc123&format=json"`,
    `  curl "${stack.apiUrl}/postback?affiliate_id=${first!.id}&click_id=abc123&amount=100&currency=USD&token=${first!.postbackToken}"`,
    `  curl -H "Authorization: Bearer ${first!.apiKey}" ${stack.apiUrl}/affiliates/${first!.id}/conversions`,
    '',
    `Open ${first!.trackingLinks[0]!.url} in a browser to follow a tracking link to the demo advertiser.`,
    `Country rules: ${first!.trackingLinks.at(-1)!.url}&country=DE splits German visitors 50/50 (country simulation is local only).`,
    `Smartlink: ${stack.smartlinks[0]!.url}`,
    'Stack facts are in .dev/stack.json. Press Ctrl-C to stop.',
  ];
  return lines.join('\n');
}

const dashboardPort = port('DASHBOARD_PORT', 8788);
const stack = await startStack({
  dashboardOrigin: `http://127.0.0.1:${dashboardPort}`,
  apiPort: port('PORT', 8787),
  psdbPort: port('PSDB_PORT', 0),
  advertiserPort: port('ADVERTISER_PORT', 8790),
  databaseName: process.env.DEV_DATABASE ?? 'tracker_dev',
  latencyMs: port('PSDB_LATENCY_MS', 0),
  log: (line) => {
    if (process.env.DEBUG || (/error|exited/i.test(line) && !/workers.cloudflare.com/.test(line))) console.log(line);
  },
}).catch((err: Error) => {
  console.error(`\nCould not start the stack: ${err.message}`);
  process.exit(1);
});

const dashboard = await startDashboardServer({ port: dashboardPort, apiUrl: stack.apiUrl }).catch(async (err: Error) => {
  console.error(`\nCould not start the dashboard: ${err.message}`);
  await stack.stop();
  process.exit(1);
});

mkdirSync(join(repoRoot, '.dev'), { recursive: true });
writeFileSync(
  join(repoRoot, '.dev', 'stack.json'),
  JSON.stringify(
    {
      apiUrl: stack.apiUrl,
      dashboardUrl: dashboard.url,
      mysqlUrl: stack.mysqlUrl,
      databaseUrl: stack.databaseUrl,
      controlUrl: stack.controlUrl,
      advertiserUrl: stack.advertiserUrl,
      adminToken: stack.adminToken,
      affiliates: stack.affiliates,
      campaigns: stack.campaigns,
      smartlinks: stack.smartlinks,
    },
    null,
    2,
  ),
);
console.log(summary(stack, dashboard));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await dashboard.close();
    await stack.stop();
    process.exit(0);
  });
}
