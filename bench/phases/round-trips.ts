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
export async function probePostbackRoundTrips(ctx: BenchContext, signed: SignedClick[], requests = 30): Promise<RoundTripProbe> {
  const before = ctx.db.endpoint.stats();
  for (let i = 0; i < requests; i++) {
    const s = signed[i % signed.length]!;
    const res = await fetch(
      `${ctx.runtime.trackerUrl}/postback?click_id=${s.clickId}&amount=9.99&currency=USD&txid=probe.${Date.now().toString(36)}.${i}&token=${s.token}`,
      { headers: { ...API_HEADERS, 'cf-connecting-ip': `198.19.200.${i % 250}` } },
    );
    if (res.status !== 200) throw new Error(`probe postback answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  const after = ctx.db.endpoint.stats();
  return {
    requests,
    executesPerRequest: (after.executes - before.executes) / requests,
    sessionsPerRequest: (after.sessions - before.sessions) / requests,
  };
}
