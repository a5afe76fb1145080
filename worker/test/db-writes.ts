import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { db } from './db.ts';

/**
 * Proves a request wrote nothing by watching the database calls themselves: every Execute the
 * worker (or a queue consumer in this isolate) sends to the PlanetScale endpoint passes through
 * global fetch, so a write is seen whatever table it touches, an UPDATE of one column included.
 */

const EXECUTE_PATH = '/psdb.v1alpha1.Database/Execute';
const WRITE = /^\s*(insert|update|delete|replace)\b/i;
// Refused attempts are logged by design, so the postback log is the one table a refusal writes.
const LOGGED_BY_DESIGN = /^\s*insert\s+into\s+`?postback_log`?[\s(]/i;
// Quiet this long after the last call: queue consumers (50 ms batches in tests) have started by then.
const QUIET_MS = 100;

let installed = false;
let inFlight = 0;
let lastCallAt = 0;
let recording: string[] | null = null;

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

// A message sent to a queue is work a consumer does a moment later (50 ms batches in tests): the
// database counts as busy until then, so a watch never starts between a send and its consumer.
const QUEUED_WORK_MS = 250;

function watchQueueSends(): void {
  const queues = [
    env.CLICK_QUEUE,
    env.POSTBACK_QUEUE,
    env.OUTGOING_POSTBACK_QUEUE,
    env.POSTBACK_LOG_QUEUE,
  ];
  const patched = new Set<object>();
  for (const queue of queues) {
    const proto = Object.getPrototypeOf(queue) as Record<
      'send' | 'sendBatch',
      (...a: unknown[]) => Promise<unknown>
    >;
    if (patched.has(proto)) continue;
    patched.add(proto);
    for (const method of ['send', 'sendBatch'] as const) {
      const original = proto[method];
      proto[method] = function (this: unknown, ...args: unknown[]) {
        lastCallAt = Math.max(lastCallAt, Date.now() + QUEUED_WORK_MS);
        return original.apply(this, args);
      };
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  watchQueueSends();
  const original = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!requestUrl(input).endsWith(EXECUTE_PATH)) return original(input, init);
    const { query } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
      query?: string;
    };
    const watched = recording;
    inFlight++;
    lastCallAt = Date.now();
    try {
      const res = await original(input, init);
      if (watched && query && WRITE.test(query) && !LOGGED_BY_DESIGN.test(query)) {
        if (await changedRows(res.clone())) watched.push(query);
      }
      return res;
    } finally {
      inFlight--;
      lastCallAt = Date.now();
    }
  };
}

// A refused INSERT (duplicate key) or an UPDATE matching nothing attempted a write but made none.
async function changedRows(res: Response): Promise<boolean> {
  const body = (await res.json().catch(() => ({}))) as {
    error?: unknown;
    result?: { rowsAffected?: string | number };
  };
  return !body.error && Number(body.result?.rowsAffected ?? 0) > 0;
}

/** Resolves once no database call has run for a moment: queued work (consumers, retries) has landed. */
export async function databaseSettled(): Promise<void> {
  install();
  await settled();
}

// A JSON click is stored at once and counted by the click queue a moment later: that count is
// earlier work, not a write of the request under watch (a click left uncounted on purpose by a
// fault is not waited for past 5 s).
async function clicksCounted(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { rows } = await db.execute(
      sql`SELECT COUNT(*) AS n FROM clicks WHERE ingest_id IS NULL AND timestamp > UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE`,
    );
    if (Number((rows[0] as { n: string }).n) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function settled(): Promise<void> {
  while (inFlight > 0 || Date.now() - lastCallAt < QUIET_MS)
    await new Promise((r) => setTimeout(r, 10));
}

export interface WriteWatch {
  /** Waits until the database is quiet, stops watching and returns the write statements seen. */
  done(): Promise<string[]>;
}

/** Starts watching once earlier work has settled; `done()` lists what was written since. */
export async function watchWrites(): Promise<WriteWatch> {
  install();
  await clicksCounted();
  await settled();
  const seen: string[] = [];
  recording = seen;
  return {
    async done() {
      // A tracking link hands its click to the queue 10 ms after answering (worker/queue/click-buffer.ts).
      await new Promise((r) => setTimeout(r, 30));
      await settled();
      if (recording === seen) recording = null;
      return seen;
    },
  };
}

// Watching from the first import on, so a file's earlier queue work is seen by `databaseSettled`.
install();
