import { randomBytes, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { text } from 'node:stream/consumers';
import autocannon, { type Request } from 'autocannon';
import { LatencySamples } from './percentiles.ts';
import type { LoadMessage, LoadPlan } from './plan.ts';

// Runs in its own process so the load generator never shares an event loop with the servers it measures.
const plan = JSON.parse(await text(process.stdin)) as LoadPlan;
const runPrefix = randomBytes(3).toString('hex');
const okStatuses = new Set(plan.okStatuses);
const samples = new LatencySamples();
const statuses: Record<string, number> = {};
let errors = 0;
let total = 0;
let windowResponses = 0;
let next = 0;
let seq = 0;
// A random start, so back-to-back runs do not reuse the same visitors within a rate-limit window.
let visitor = randomInt(131_072);

const start = performance.now();
const measureFrom = start + plan.warmupSeconds * 1000;
const measureUntil = measureFrom + plan.durationSeconds * 1000;

function nextPath(): string {
  const template = plan.paths[next++ % plan.paths.length]!;
  return template.includes('{seq}')
    ? template.replaceAll('{seq}', `${runPrefix}${(seq++).toString(36)}`)
    : template;
}

// 198.18.0.0/15 is reserved for benchmarks; only ever a header value here, never an address dialled.
function visitorIp(n: number): string {
  const k = n % 131_072;
  return `198.${18 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}`;
}

function setup(req: Request): Request {
  const path = nextPath();
  if (!plan.manyVisitors) return { ...req, path };
  return { ...req, path, headers: { ...plan.headers, 'cf-connecting-ip': visitorIp(visitor++) } };
}

function send(message: LoadMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const instance = autocannon(
  {
    url: plan.origin,
    connections: plan.connections,
    duration: plan.warmupSeconds + plan.durationSeconds,
    timeout: 30,
    method: plan.method ?? 'GET',
    headers: plan.headers ?? {},
    requests: [{ setupRequest: setup }],
  },
  (err) => {
    clearInterval(ticker);
    if (err) {
      process.stderr.write(`load generator failed: ${err.message}\n`);
      process.exit(1);
    }
    const [p50, p90, p99, max] = samples.percentiles([50, 90, 99, 100]);
    send({
      type: 'result',
      label: plan.label,
      connections: plan.connections,
      measuredSeconds: plan.durationSeconds,
      ok: samples.size,
      rps: samples.size / plan.durationSeconds,
      p50Ms: p50!,
      p90Ms: p90!,
      p99Ms: p99!,
      maxMs: max!,
      statuses,
      errors,
      totalResponses: total,
    });
  },
);

instance.on(
  'response',
  (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    total++;
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    const now = performance.now();
    if (now < measureFrom || now >= measureUntil) return;
    windowResponses++;
    if (okStatuses.has(statusCode)) samples.add(responseTime);
  },
);
instance.on('reqError', () => {
  errors++;
});

let lastTotal = 0;
const ticker = setInterval(() => {
  const now = performance.now();
  send({
    type: 'tick',
    elapsedSeconds: (now - start) / 1000,
    measuring: now >= measureFrom,
    responses: windowResponses,
    rps: total - lastTotal,
  });
  lastTotal = total;
}, 1000);
