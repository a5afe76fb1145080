import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startDashboardServer, type DashboardServer } from '../dashboard/serve.ts';
import { DEFAULT_ADVERTISER_ID } from './stack/demo-advertisers.ts';
import { StackConflictError } from './stack/preflight.ts';
import { startStack, type Stack } from './stack/start.ts';
import { writePrivateFile } from './stack/private-file.ts';
import { shellExports, shellVariables } from './stack/shell-env.ts';
import { repoRoot } from './stack/worker-process.ts';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const label = (name: string) => `  ${name.padEnd(16)} `;

function summary(stack: Stack, dashboard: DashboardServer, files: FactsFiles): string {
  const [first] = stack.affiliates;
  const acme = stack.advertisers[0]!;
  const defaultAdvertiser = stack.defaultAdvertiser;
  const lines = [
    '',
    'Edge affiliate tracker is running',
    `${label('API')}${stack.apiUrl}`,
    `${label('Dashboard')}${dashboard.url}  (sign in with an API key or the admin token)`,
    `${label('Demo advertiser')}${stack.advertiserUrl}`,
    `${label('Admin token')}${stack.adminToken}`,
    '',
    'Affiliates (an affiliate postback URL records pending conversions, for the advertiser or the network to decide):',
    ...stack.affiliates.flatMap((a) => [
      `  #${a.id} ${a.name}`,
      `     API key       ${a.apiKey}`,
      `     Postback URL  ${a.postbackUrl}`,
      `     Tracking link ${a.trackingLinks[0]!.url}`,
    ]),
    '',
    'Advertisers (their postback URL records approved conversions, paid by the campaign rules):',
    `  #${defaultAdvertiser.id} ${defaultAdvertiser.name}`,
    `     API key       ${defaultAdvertiser.apiKey}`,
    `     Postback URL  ${defaultAdvertiser.postbackUrl}`,
    ...stack.campaigns.map((c) => `     Campaign #${c.id}  ${c.name}`),
    ...stack.advertisers.flatMap((a) => [
      `  #${a.id} ${a.name}`,
      `     API key       ${a.apiKey}`,
      `     Postback URL  ${a.postbackUrl}`,
      ...a.campaigns.flatMap((c) => [
        `     Campaign #${c.id}  ${c.name}: ${c.terms}`,
        `       tracking link ${c.trackingLinks[0]!.url}`,
      ]),
    ]),
    '',
    `Try it (in another shell, first: source ${files.env}):`,
    `  curl "$API/click?affiliate_id=$AFFILIATE_ID&campaign_id=${acme.campaignIds[0]}&click_id=abc123&format=json"`,
    '  curl "$API/postback?click_id=abc123&amount=100&txid=order-1&token=$ADVERTISER_TOKEN"',
    '  curl -H "Authorization: Bearer $AFFILIATE_KEY" "$API/affiliates/$AFFILIATE_ID/conversions"',
    '',
    `Open ${first!.trackingLinks[0]!.url} in a browser to follow a tracking link to the demo advertiser.`,
    `Country rules: curl -i -H "x-edge-country: DE" "${first!.trackingLinks.at(-1)!.url}" splits German visitors 50/50 (edge simulation is local only).`,
    `Smartlink: ${stack.smartlinks[0]!.url}`,
    'Outgoing postbacks may call loopback addresses here (ALLOW_LOOPBACK_POSTBACKS=true) so the demo advertiser',
    'is reachable; a deployment refuses them.',
    `Stack facts are in ${files.json}, the examples' shell variables in ${files.env}. Press Ctrl-C to stop.`,
  ];
  return lines.join('\n');
}

interface FactsFiles {
  json: string;
  env: string;
}

// Ctrl-C while starting stops what was started so far; once running, it stops the whole stack.
const starting = new AbortController();
let stopRunning: (() => Promise<void>) | undefined;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    if (!stopRunning) {
      console.log('\nStopping: start-up interrupted, stopping what was started…');
      starting.abort();
      return;
    }
    console.log('\nStopping…');
    await stopRunning();
    process.exit(0);
  });
}

function fail(what: string, err: Error): never {
  if (starting.signal.aborted) {
    console.log('Stopped.');
    process.exit(130);
  }
  // One clean line: no stack trace, no terminal colour codes from child processes.
  const message =
    err instanceof StackConflictError
      ? err.message
      : `${what}: ${err.message.replace(/\x1b\[[0-9;]*m/g, '')}`;
  console.error(`\n${message}`);
  process.exit(1);
}

const databaseName = process.env.DEV_DATABASE ?? 'tracker_dev';
const dashboardPort = port('DASHBOARD_PORT', 8788);
const stack = await startStack({
  dashboardOrigin: `http://127.0.0.1:${dashboardPort}`,
  apiPort: port('PORT', 8787),
  psdbPort: port('PSDB_PORT', 0),
  advertiserPort: port('ADVERTISER_PORT', 8790),
  otherPorts: [{ variable: 'DASHBOARD_PORT', port: dashboardPort }],
  databaseName,
  latencyMs: port('PSDB_LATENCY_MS', 0),
  signal: starting.signal,
  onChecked: () => console.log(`Starting the stack on database ${databaseName} (Ctrl-C stops it)…`),
  log: (line) => {
    if (process.env.DEBUG || (/error|exited/i.test(line) && !/workers.cloudflare.com/.test(line)))
      console.log(line);
  },
}).catch((err: Error) => fail('Could not start the stack', err));

const dashboard = await startDashboardServer({ port: dashboardPort, apiUrl: stack.apiUrl }).catch(
  async (err: Error) => {
    await stack.stop();
    return fail('Could not start the dashboard', err);
  },
);
stopRunning = async () => {
  await dashboard.close();
  await stack.stop();
};
if (starting.signal.aborted) {
  await stopRunning();
  fail('', new Error('interrupted'));
}

// A second stack on its own database keeps its own facts files instead of overwriting the first's.
const factsName = databaseName === 'tracker_dev' ? 'stack' : `stack-${databaseName}`;
const factsPath = join(repoRoot, '.dev', `${factsName}.json`);
const envPath = join(repoRoot, '.dev', `${factsName}.env`);
const advertisers = [
  { ...stack.defaultAdvertiser, campaignIds: stack.campaigns.map((c) => c.id) },
  ...stack.advertisers,
].map(({ id, name, apiKey, postbackToken, postbackUrl, campaignIds }) => ({
  id,
  name,
  apiKey,
  postbackToken,
  postbackUrl,
  campaignIds,
}));
const facts = {
  apiUrl: stack.apiUrl,
  dashboardUrl: dashboard.url,
  mysqlUrl: stack.mysqlUrl,
  databaseUrl: stack.databaseUrl,
  controlUrl: stack.controlUrl,
  advertiserUrl: stack.advertiserUrl,
  adminToken: stack.adminToken,
  affiliates: stack.affiliates,
  campaigns: [
    ...stack.campaigns.map((c) => ({ ...c, advertiserId: DEFAULT_ADVERTISER_ID })),
    ...stack.advertisers.flatMap((a) =>
      a.campaigns.map(({ id, name, offerUrl }) => ({ id, name, offerUrl, advertiserId: a.id })),
    ),
  ],
  smartlinks: stack.smartlinks,
  advertisers,
};
mkdirSync(join(repoRoot, '.dev'), { recursive: true });
writePrivateFile(factsPath, JSON.stringify(facts, null, 2));
writePrivateFile(envPath, shellExports(shellVariables(facts)));
console.log(
  summary(stack, dashboard, {
    json: relative(repoRoot, factsPath),
    env: relative(repoRoot, envPath),
  }),
);
