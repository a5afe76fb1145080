import { runLoad } from '../load/run-load.ts';
import type { LoadPlan, LoadResult } from '../load/plan.ts';
import { loadTicker, step } from '../progress.ts';
import type { RoutingCheck } from '../results/types.ts';
import { BROWSER_HEADERS, type BenchContext } from './context.ts';
import { drainClickQueue } from './drain.ts';

const RULES = 50;
const PAIRS = 5;
const OSES = ['iOS', 'Android', 'Windows', 'macOS', 'other'];
const COUNTRIES = [
  'BR',
  'AR',
  'CL',
  'PE',
  'CO',
  'MX',
  'JP',
  'KR',
  'IN',
  'ID',
  'TH',
  'VN',
  'PH',
  'ZA',
  'NG',
  'EG',
  'KE',
];

// 49 rules the bench visitor fails (country, then device/OS/browser so the user agent is parsed, then sub ids and
// language), and a last one that matches everybody with a 50/50 split: every rule is evaluated on every click.
function fiftyRules(offer: string): unknown[] {
  const rules: unknown[] = [];
  for (let i = 0; i < RULES - 1; i++) {
    const conditions =
      i % 3 === 0
        ? {
            country: [
              COUNTRIES[i % COUNTRIES.length]!,
              COUNTRIES[(i + 5) % COUNTRIES.length]!,
            ].filter((c, j, all) => all.indexOf(c) === j),
          }
        : i % 3 === 1
          ? { device: ['tablet'], os: [OSES[i % OSES.length]!], browser: [`browser-${i}`] }
          : { sub: [{ param: 'sub1', equals: `campaign-${i}` }], language: ['ja'] };
    rules.push({
      name: `rule ${i + 1}`,
      conditions:
        i % 3 === 0 ? { ...conditions, sub: [{ param: 'sub2', prefix: `p${i}` }] } : conditions,
      action: {
        type: 'landing',
        variants: [{ id: `v${i}`, weight: 1, url: `${offer}&rule=${i}` }],
      },
    });
  }
  rules.push({
    name: 'everyone',
    action: {
      type: 'landing',
      variants: [
        { id: 'split-a', weight: 50, url: `${offer}&lp=a` },
        { id: 'split-b', weight: 50, url: `${offer}&lp=b` },
      ],
    },
  });
  return rules;
}

async function admin(
  ctx: BenchContext,
  method: string,
  path: string,
  body: unknown,
): Promise<{ id: number }> {
  const res = await fetch(`${ctx.runtime.trackerUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.db.vars.ADMIN_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { id: number } }).data;
}

function plan(ctx: BenchContext, label: string, campaignId: number): LoadPlan {
  return {
    label,
    origin: ctx.runtime.trackerUrl,
    paths: ctx.db.affiliates.map((a) => `/c/${campaignId}/${a.id}?sub1=bench&sub2=routing`),
    headers: { ...BROWSER_HEADERS, 'accept-language': 'en-US,en;q=0.9' },
    manyVisitors: true,
    connections: ctx.flags.connections,
    warmupSeconds: ctx.flags.warmup,
    durationSeconds: ctx.flags.duration,
    okStatuses: [302],
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Redirect throughput on a campaign with 50 rules against one with none, in alternating back-to-back pairs. */
export async function measureRouting(ctx: BenchContext): Promise<RoutingCheck> {
  const offer = 'https://offer.example/landing?c={click_id}';
  step(`routing: a campaign with no rules and one with ${RULES}`);
  const plain = await admin(ctx, 'POST', '/campaigns', { name: 'Bench plain', offer_url: offer });
  const routed = await admin(ctx, 'POST', '/campaigns', {
    name: `Bench ${RULES} rules`,
    offer_url: offer,
  });
  await admin(ctx, 'PUT', `/campaigns/${routed.id}/rules`, { rules: fiftyRules(offer) });
  ctx.db.endpoint.setLatency(ctx.flags.latencies[0]!);
  const pairs: { none: LoadResult; rules: LoadResult }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const run = async (withRules: boolean) => {
      const label = withRules ? `redirect, ${RULES} rules` : 'redirect, no rules';
      const load = await runLoad(
        plan(ctx, label, withRules ? routed.id : plain.id),
        loadTicker(`${label} (${i + 1}/${PAIRS})`, ctx.flags.warmup + ctx.flags.duration),
      );
      await drainClickQueue(ctx);
      return load;
    };
    // Which one goes first alternates, so a machine getting busier or quieter does not favour either.
    const [first, second] =
      i % 2 === 0 ? [await run(false), await run(true)] : [await run(true), await run(false)];
    const [none, rules] = i % 2 === 0 ? [first, second] : [second, first];
    step(
      `  pair ${i + 1}: ${none.rps.toFixed(0)} req/s without rules, ${rules.rps.toFixed(0)} req/s with ${RULES} (${(rules.rps / none.rps).toFixed(2)}×)`,
    );
    pairs.push({ none, rules });
  }
  return { rules: RULES, pairs, ratio: median(pairs.map((p) => p.rules.rps / p.none.rps)) };
}
