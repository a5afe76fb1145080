import type { LoadPlan } from '../load/plan.ts';
import type { ScenarioName } from '../results/types.ts';
import type { SignedClick } from './click-ids.ts';
import { API_HEADERS, BROWSER_HEADERS, type BenchContext } from './context.ts';

/** The load plan of one hot path: what a visitor's browser or an advertiser's server sends. */
export function scenarioPlan(
  ctx: BenchContext,
  scenario: ScenarioName,
  signed: SignedClick[],
): LoadPlan {
  const { flags, runtime, db } = ctx;
  const base = {
    label: scenario,
    connections: flags.connections,
    warmupSeconds: flags.warmup,
    durationSeconds: flags.duration,
    manyVisitors: true,
  };
  const links = db.affiliates.flatMap((a) => db.campaigns.map((c) => ({ a: a.id, c: c.id })));
  switch (scenario) {
    case 'noop':
      return {
        ...base,
        origin: runtime.noopUrl,
        paths: ['/'],
        headers: BROWSER_HEADERS,
        okStatuses: [200],
      };
    case 'redirect':
      return {
        ...base,
        origin: runtime.trackerUrl,
        paths: links.map(({ a, c }) => `/c/${c}/${a}?sub1=bench&sub2=redirect`),
        headers: BROWSER_HEADERS,
        okStatuses: [302],
      };
    case 'click_json':
      return {
        ...base,
        origin: runtime.trackerUrl,
        paths: links.map(
          ({ a, c }) => `/click?affiliate_id=${a}&campaign_id=${c}&click_id=json.{seq}&format=json`,
        ),
        headers: API_HEADERS,
        okStatuses: [200],
      };
    case 'postback':
      // The common path: a signed click id from a Location header and the affiliate's token; a new txid each time.
      return {
        ...base,
        origin: runtime.trackerUrl,
        paths: signed.map(
          (s) =>
            `/postback?click_id=${s.clickId}&amount=12.50&currency=USD&txid=tx.{seq}&token=${s.token}`,
        ),
        headers: API_HEADERS,
        okStatuses: [200],
      };
  }
}
