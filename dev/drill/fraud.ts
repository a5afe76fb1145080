import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { dropDatabase } from '../mysql/database.ts';
import { freePort } from '../mysql/free-port.ts';
import { startStack, type Stack } from '../stack/start.ts';
import { repoRoot } from '../stack/worker-process.ts';

export interface FraudOptions {
  clean: number;
  hosting: number;
  headless: number;
  burst: number;
  fastConversions: number;
  slowConversions: number;
  /** CTIT of the slow conversions; the campaign holds anything under 60 s. */
  slowCtitSeconds: number;
  reportPath: string | null;
  log: (line: string) => void;
}

export const defaultFraudOptions: Omit<FraudOptions, 'log'> = {
  clean: 1000,
  hosting: 300,
  headless: 200,
  burst: 200,
  fastConversions: 50,
  slowConversions: 50,
  slowCtitSeconds: 300,
  reportPath: join(repoRoot, 'bench', 'fraud.json'),
};

const MIN_CTIT_SECONDS = 60;

// Residential and mobile access networks (ASN, organisation, country), none on the hosting list.
const RESIDENTIAL = [
  [3320, 'Deutsche Telekom AG', 'DE'],
  [7922, 'Comcast Cable Communications, LLC', 'US'],
  [3215, 'Orange', 'FR'],
  [2856, 'British Telecommunications PLC', 'GB'],
  [701, 'Verizon Business', 'US'],
  [5089, 'Virgin Media Limited', 'GB'],
  [12322, 'Free SAS', 'FR'],
  [3352, 'Telefonica De Espana S.A.U.', 'ES'],
  [7018, 'AT&T Enterprises, LLC', 'US'],
  [1136, 'KPN B.V.', 'NL'],
  [20115, 'Charter Communications LLC', 'US'],
  [6805, 'Telefonica Germany GmbH & Co.OHG', 'DE'],
] as const;
const HOSTING = [
  [16509, 'Amazon.com, Inc.'],
  [14061, 'DigitalOcean, LLC'],
  [24940, 'Hetzner Online GmbH'],
  [16276, 'OVH SAS'],
  [20473, 'The Constant Company, LLC'],
  [63949, 'Akamai Connected Cloud'],
  [8075, 'Microsoft Corporation'],
  [396982, 'Google LLC'],
] as const;
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
];
const HEADLESS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36',
];
const LANGUAGES = [
  'de-DE,de;q=0.9,en;q=0.8',
  'en-US,en;q=0.9',
  'fr-FR,fr;q=0.9',
  'en-GB,en;q=0.8',
  'es-ES,es;q=0.9',
  'nl-NL,nl;q=0.9,en;q=0.5',
];

// fast: clean-looking clicks whose conversions come 2 s later.
type Group = 'clean' | 'hosting' | 'headless' | 'burst' | 'fast';

interface SentClick {
  group: Group;
  status: number;
  clickId: string | null;
  sentAt: number;
}

export interface FraudReport {
  clean: { sent: number; valid: number; validShare: number };
  bad: { sent: number; suspicious: number; suspiciousShare: number };
  byGroup: Record<Group, { sent: number; answered302: number; stored: number; suspicious: number }>;
  reasons: Record<string, number>;
  fastConversions: { sent: number; held: number; answered200: number; ctitSeconds: number[] };
  slowConversions: { sent: number; approved: number; ctitSeconds: number[] };
  passed: boolean;
  failures: string[];
  durationSeconds: number;
}

// Distinct visitor addresses from the documentation and benchmarking ranges.
const addressOf = (i: number) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;
const BURST_ADDRESS = '203.0.113.200';

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

async function click(
  stack: Stack,
  campaignId: number,
  affiliateId: number,
  group: Group,
  headers: Record<string, string>,
): Promise<SentClick> {
  const sentAt = Date.now();
  const res = await fetch(`${stack.apiUrl}/c/${campaignId}/${affiliateId}?sub1=${group}`, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...headers },
  });
  await res.body?.cancel();
  const location = res.headers.get('location');
  const clickId = location ? new URL(location).searchParams.get('click_id') : null;
  return { group, status: res.status, clickId, sentAt };
}

function visitorHeaders(
  i: number,
  ua: string,
  language: string | null,
  asn: number,
  org: string,
  country: string | null,
  address = addressOf(i),
) {
  return {
    'user-agent': ua,
    'cf-connecting-ip': address,
    'x-edge-asn': String(asn),
    'x-edge-as-org': org,
    ...(country && { 'x-edge-country': country }),
    ...(language && { 'accept-language': language }),
  };
}

// Sends requests with at most `width` in flight.
async function inParallel<T>(
  count: number,
  width: number,
  send: (i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await send(i);
      }
    }),
  );
  return out;
}

async function convert(
  stack: Stack,
  advertiserToken: string,
  clickId: string,
  txid: string,
): Promise<number> {
  const res = await fetch(
    `${stack.apiUrl}/postback?click_id=${encodeURIComponent(clickId)}&amount=10.00&txid=${txid}&token=${advertiserToken}`,
  );
  await res.body?.cancel();
  return res.status;
}

/**
 * Sends clean, hosting-network, headless and one-visitor burst traffic through a private stack's
 * tracking links (edge facts through the local simulation headers), then fast and slow
 * conversions, and checks the stored verdicts.
 */
export async function runFraudDrill(opts: FraudOptions): Promise<FraudReport> {
  const log = opts.log;
  const runId = randomBytes(4).toString('hex');
  const databaseName = `tracker_fraud_${runId}`;
  const apiPort = await freePort();
  const started = Date.now();
  log(`starting a stack for fraud drill ${runId} ...`);
  const stack = await startStack({
    apiPort,
    advertiserPort: 0,
    databaseName,
    demoClicks: 20,
    log: (line) =>
      /error|exited/i.test(line) && !/workers\.cloudflare\.com/.test(line) ? log(line) : undefined,
  });
  try {
    const affiliate = stack.affiliates[0]!;
    const res = await fetch(`${stack.apiUrl}/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Fraud drill ${runId}`,
        offer_url: 'https://offer.example/land?click_id={click_id}',
        min_ctit_seconds: MIN_CTIT_SECONDS,
      }),
    });
    if (res.status !== 201) throw new Error(`create campaign: ${res.status} ${await res.text()}`);
    const campaignId = ((await res.json()) as { data: { id: number } }).data.id;
    const send = (group: Group, headers: Record<string, string>) =>
      click(stack, campaignId, affiliate.id, group, headers);

    // Slow conversions need their clicks first, so their CTIT has passed by the end of the traffic.
    log(`clean traffic: ${opts.clean} visitors ...`);
    const clean = await inParallel(opts.clean, 8, (i) => {
      const [asn, org, country] = pick(RESIDENTIAL, i);
      return send(
        'clean',
        visitorHeaders(i, pick(BROWSERS, i), pick(LANGUAGES, i), asn, org, country),
      );
    });
    const slowClicks = clean.filter((c) => c.clickId).slice(0, opts.slowConversions);

    log(`hosting networks: ${opts.hosting}, headless: ${opts.headless} ...`);
    const hosting = await inParallel(opts.hosting, 8, (i) => {
      const [asn, org] = pick(HOSTING, i);
      return send(
        'hosting',
        visitorHeaders(100_000 + i, pick(BROWSERS, i), pick(LANGUAGES, i), asn, org, null),
      );
    });
    const headless = await inParallel(opts.headless, 8, (i) => {
      const [asn, org, country] = pick(RESIDENTIAL, i);
      return send(
        'headless',
        visitorHeaders(
          120_000 + i,
          pick(HEADLESS, i),
          i % 2 ? pick(LANGUAGES, i) : null,
          asn,
          org,
          country,
        ),
      );
    });

    // One visitor, paced under the per-address rate limit (120 per 10 s) so every click is answered and scored.
    log(`one-visitor burst: ${opts.burst} clicks ...`);
    const burst: SentClick[] = [];
    for (let i = 0; i < opts.burst; i++) {
      const [asn, org, country] = RESIDENTIAL[0];
      burst.push(
        await send(
          'burst',
          visitorHeaders(0, BROWSERS[0]!, LANGUAGES[0]!, asn, org, country, BURST_ADDRESS),
        ),
      );
      await sleep(90);
    }

    log(`fast conversions: ${opts.fastConversions} at about 2 s CTIT ...`);
    const fast = await inParallel(opts.fastConversions, 5, async (i) => {
      const [asn, org, country] = pick(RESIDENTIAL, i);
      const c = await send(
        'fast',
        visitorHeaders(140_000 + i, pick(BROWSERS, i), pick(LANGUAGES, i), asn, org, country),
      );
      await sleep(2000);
      const status = c.clickId
        ? await convert(
            stack,
            stack.defaultAdvertiser.postbackToken,
            c.clickId,
            `fast-${runId}-${i}`,
          )
        : c.status;
      return { ...c, conversionStatus: status };
    });

    const slowDue =
      (slowClicks[slowClicks.length - 1]?.sentAt ?? Date.now()) + opts.slowCtitSeconds * 1000;
    if (slowDue > Date.now())
      log(
        `waiting ${Math.ceil((slowDue - Date.now()) / 1000)} s for the slow conversions' CTIT ...`,
      );
    await sleep(Math.max(0, slowDue - Date.now()));
    log(`slow conversions: ${slowClicks.length} at about ${opts.slowCtitSeconds} s CTIT ...`);
    await inParallel(slowClicks.length, 5, (i) =>
      convert(
        stack,
        stack.defaultAdvertiser.postbackToken,
        slowClicks[i]!.clickId!,
        `slow-${runId}-${i}`,
      ),
    );

    const all = [...clean, ...hosting, ...headless, ...burst];
    const answered = [...all, ...fast].filter((c) => c.status === 302).length;
    const conn = await mysql.createConnection(stack.mysqlUrl);
    try {
      log('waiting for the click queue to drain ...');
      const deadline = Date.now() + 120_000;
      let stored = 0;
      while (Date.now() < deadline) {
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT COUNT(*) AS n FROM clicks WHERE campaign_id = ?',
          [campaignId],
        );
        stored = Number(rows[0]!.n);
        if (stored >= answered) break;
        await sleep(500);
      }
      const [groups] = await conn.query<RowDataPacket[]>(
        'SELECT sub1, COUNT(*) AS stored, SUM(is_suspicious) AS suspicious FROM clicks WHERE campaign_id = ? GROUP BY sub1',
        [campaignId],
      );
      const [reasonRows] = await conn.query<RowDataPacket[]>(
        'SELECT quality_reasons AS reasons, COUNT(*) AS n FROM clicks WHERE campaign_id = ? GROUP BY quality_reasons',
        [campaignId],
      );
      const [conversions] = await conn.query<RowDataPacket[]>(
        "SELECT txid, status, reason, ctit_seconds FROM conversions WHERE campaign_id = ? AND (txid LIKE 'fast-%' OR txid LIKE 'slow-%')",
        [campaignId],
      );
      const byGroupStored = new Map(
        groups.map((g) => [
          String(g.sub1),
          { stored: Number(g.stored), suspicious: Number(g.suspicious) },
        ]),
      );
      const sentOf: Record<Group, SentClick[]> = { clean, hosting, headless, burst, fast };
      const byGroup = Object.fromEntries(
        (Object.keys(sentOf) as Group[]).map((g) => {
          const s = byGroupStored.get(g) ?? { stored: 0, suspicious: 0 };
          return [
            g,
            {
              sent: sentOf[g].length,
              answered302: sentOf[g].filter((c) => c.status === 302).length,
              ...s,
            },
          ];
        }),
      ) as FraudReport['byGroup'];
      const reasons: Record<string, number> = {};
      for (const r of reasonRows)
        reasons[r.reasons === null ? 'none' : String(r.reasons)] = Number(r.n);
      const fastRows = conversions.filter((c) => String(c.txid).startsWith('fast-'));
      const slowRows = conversions.filter((c) => String(c.txid).startsWith('slow-'));

      const cleanSent = byGroup.clean.sent;
      const cleanValid = byGroup.clean.stored - byGroup.clean.suspicious;
      const badSent = byGroup.hosting.sent + byGroup.headless.sent + byGroup.burst.sent;
      const badSuspicious =
        byGroup.hosting.suspicious + byGroup.headless.suspicious + byGroup.burst.suspicious;
      const fastHeld = fastRows.filter(
        (c) => c.status === 'pending' && c.reason === 'ctit_too_short',
      ).length;
      const report: FraudReport = {
        clean: { sent: cleanSent, valid: cleanValid, validShare: round(cleanValid / cleanSent) },
        bad: {
          sent: badSent,
          suspicious: badSuspicious,
          suspiciousShare: round(badSuspicious / badSent),
        },
        byGroup,
        reasons,
        fastConversions: {
          sent: fast.length,
          held: fastHeld,
          answered200: fast.filter((f) => f.conversionStatus === 200).length,
          ctitSeconds: summarize(fastRows.map((c) => Number(c.ctit_seconds))),
        },
        slowConversions: {
          sent: slowClicks.length,
          approved: slowRows.filter((c) => c.status === 'approved').length,
          ctitSeconds: summarize(slowRows.map((c) => Number(c.ctit_seconds))),
        },
        passed: false,
        failures: [],
        durationSeconds: Math.round((Date.now() - started) / 1000),
      };
      if (report.clean.validShare < 0.99)
        report.failures.push(
          `clean clicks valid ${report.clean.valid}/${report.clean.sent}, below 99%`,
        );
      if (report.bad.suspiciousShare < 0.95)
        report.failures.push(
          `bad clicks suspicious ${report.bad.suspicious}/${report.bad.sent}, below 95%`,
        );
      if (fastHeld !== fast.length)
        report.failures.push(`fast conversions held ${fastHeld}/${fast.length}, not all`);
      report.passed = report.failures.length === 0;
      if (opts.reportPath) writeFileSync(opts.reportPath, `${JSON.stringify(report, null, 2)}\n`);
      return report;
    } finally {
      await conn.end();
    }
  } finally {
    await dropDatabase(stack.mysql.url, databaseName).catch((err) =>
      log(`drop database: ${String(err)}`),
    );
    await stack.stop();
    rmSync(join(repoRoot, '.dev', `worker-${apiPort}`), { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

// Min, median and max.
function summarize(values: number[]): number[] {
  if (!values.length) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0]!, sorted[Math.floor(sorted.length / 2)]!, sorted[sorted.length - 1]!];
}
