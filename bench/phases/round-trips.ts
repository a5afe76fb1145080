import type { SignedClick } from './click-ids.ts';
import { API_HEADERS, type BenchContext } from './context.ts';

export interface RoundTripProbe {
  requests: number;
  executesPerRequest: number;
  sessionsPerRequest: number;
}

/**
 * Postbacks one at a time, nothing else running: the Execute calls of the common path alone,
 * without the lock retries that concurrent postbacks on one rollup cell can add under load.
 */
export async function probePostbackRoundTrips(
  ctx: BenchContext,
  signed: SignedClick[],
  requests = 30,
): Promise<RoundTripProbe> {
  const before = ctx.db.endpoint.stats();
  for (let i = 0; i < requests; i++) {
    const s = signed[i % signed.length]!;
    const res = await fetch(
      `${ctx.runtime.trackerUrl}/postback?click_id=${s.clickId}&amount=9.99&currency=USD&txid=probe.${Date.now().toString(36)}.${i}&token=${s.token}`,
      { headers: { ...API_HEADERS, 'cf-connecting-ip': `198.19.200.${i % 250}` } },
    );
    if (res.status !== 200)
      throw new Error(`probe postback answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  const after = ctx.db.endpoint.stats();
  return {
    requests,
    executesPerRequest: (after.executes - before.executes) / requests,
    sessionsPerRequest: (after.sessions - before.sessions) / requests,
  };
}

export interface JsonClickProbe {
  latencyMs: number;
  requests: number;
  /** Median Executes while one JSON click with a new click_id was answered. */
  newClickExecutes: number;
  /** Median Executes while one JSON click repeating a stored click_id was answered. */
  repeatExecutes: number;
  /** Median answer time of the new clicks, one at a time. */
  newClickP50Ms: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * JSON clicks one at a time: the Execute calls made while each request was answered. The click
 * queue's consumer also writes now and then (it counts the clicks), so the median per request is
 * the request's own cost.
 */
export async function probeJsonClickRoundTrips(
  ctx: BenchContext,
  latencyMs: number,
  requests = 25,
): Promise<JsonClickProbe> {
  const [affiliate, campaign] = [ctx.db.affiliates[0]!, ctx.db.campaigns[0]!];
  const run = Date.now().toString(36);
  const one = async (clickId: string, i: number) => {
    const before = ctx.db.endpoint.stats().executes;
    const started = performance.now();
    const res = await fetch(
      `${ctx.runtime.trackerUrl}/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
      {
        headers: { ...API_HEADERS, 'cf-connecting-ip': `198.19.201.${i % 250}` },
      },
    );
    const ms = performance.now() - started;
    if (res.status !== 200)
      throw new Error(
        `probe JSON click answered ${res.status}: ${(await res.text()).slice(0, 200)}`,
      );
    await res.body?.cancel();
    return { executes: ctx.db.endpoint.stats().executes - before, ms };
  };
  const fresh = [];
  for (let i = 0; i < requests; i++) fresh.push(await one(`probe.${run}.${i}`, i));
  const repeats = [];
  for (let i = 0; i < requests; i++) repeats.push(await one(`probe.${run}.0`, i));
  return {
    latencyMs,
    requests,
    newClickExecutes: median(fresh.map((r) => r.executes)),
    repeatExecutes: median(repeats.map((r) => r.executes)),
    newClickP50Ms: median(fresh.map((r) => r.ms)),
  };
}
