import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { text } from 'node:stream/consumers';
import type { NewClick } from '../../drizzle/schema.ts';
import { clicks } from '../../drizzle/schema.ts';
import { createDatabase } from '../../worker/db/client.ts';
import { ingestClicks } from '../../worker/db/queries/clicks.ts';
import { randomToken } from '../../worker/lib/crypto.ts';
import { LatencySamples } from './percentiles.ts';
import type { IngestPlan, IngestResult } from './ingest-plan.ts';

// Its own process, like a consumer isolate: the driver never shares an event loop with the endpoint.
const plan = JSON.parse(await text(process.stdin)) as IngestPlan;
const db = createDatabase(plan.databaseUrl);
const prefix = randomBytes(4).toString('hex');
let serial = 0;

function click(): NewClick {
  const n = serial++;
  const at = new Date();
  return {
    clickId: `ing.${prefix}.${n.toString(36)}`,
    affiliateId: plan.affiliateIds[n % plan.affiliateIds.length]!,
    campaignId: plan.campaignIds[(n >> 3) % plan.campaignIds.length]!,
    sub1: 'bench',
    sub2: null,
    sub3: null,
    sub4: null,
    sub5: null,
    ipHash: randomBytes(16).toString('hex'),
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    country: 'US',
    referrer: null,
    timestamp: at.toISOString().slice(0, 23).replace('T', ' '),
  };
}

async function once(): Promise<number> {
  if (plan.mode === 'single') {
    await db.insert(clicks).ignore().values(click());
    return 1;
  }
  const batch = Array.from({ length: plan.batchSize }, click);
  await ingestClicks(db, batch, randomToken('', 16));
  return batch.length;
}

const samples = new LatencySamples();
let rows = 0;
let calls = 0;
let failedCalls = 0;
const start = performance.now();
const until = start + plan.seconds * 1000;

async function worker(): Promise<void> {
  while (performance.now() < until) {
    const t = performance.now();
    try {
      const added = await once();
      rows += added;
      calls++;
      samples.add(performance.now() - t);
    } catch (err) {
      // A failed batch is retried by the queue; here it just does not count.
      failedCalls++;
      const cause = (err as { cause?: unknown }).cause ?? err;
      if (failedCalls === 1)
        process.stderr.write(
          `  ${plan.mode} call failed: ${String(cause).replace(/\s+/g, ' ').slice(0, 240)}\n`,
        );
    }
  }
}

await Promise.all(Array.from({ length: plan.concurrency }, worker));
const seconds = (performance.now() - start) / 1000;
const result: IngestResult = {
  mode: plan.mode,
  rows,
  calls,
  failedCalls,
  seconds,
  rowsPerSecond: rows / seconds,
  p50CallMs: samples.percentiles([50])[0]!,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
