import { setTimeout as sleep } from 'node:timers/promises';
import { verifyClickId } from '../../worker/lib/click-id.ts';
import type { Stack } from '../stack/start.ts';

export type Phase = 'before' | 'outage' | 'after';

export interface ClickResult {
  index: number;
  phase: Phase;
  status: number | 'network error';
  /** 302 with a Location pointing at the campaign's offer, macros filled for this link. */
  redirectOk: boolean;
  clickId?: string;
  affiliateId: number;
  campaignId: number;
  problem?: string;
}

export interface PostbackResult {
  index: number;
  phase: Phase;
  status: number | 'network error';
  txid: string;
  clickId: string;
  affiliateId: number;
  problem?: string;
}

export interface Ledger {
  clicks: ClickResult[];
  postbacks: PostbackResult[];
  inFlight: number;
}

export interface TrafficPlan {
  runId: string;
  clicks: number;
  postbacks: number;
  durationMs: number;
  phase: () => Phase;
}

export const clickMarker = (runId: string) => `drill-${runId}`;
export const txidPrefix = (runId: string) => `drill-${runId}-`;

// The Location a tracking link must answer with: the offer URL, macros filled for this link.
async function checkLocation(
  trackerSecret: string,
  location: string | null,
  offerUrl: string,
  affiliateId: number,
  campaignId: number,
  sub1: string,
): Promise<{ clickId?: string; problem?: string }> {
  if (!location) return { problem: 'no Location header' };
  const got = new URL(location);
  const want = new URL(offerUrl.replace(/\{[a-z0-9_]+\}/g, 'x'));
  if (got.origin !== want.origin || got.pathname !== want.pathname)
    return { problem: `Location leaves the offer: ${location}` };
  const clickId = got.searchParams.get('click_id') ?? '';
  // The worker's own reader, so the drill follows every change of the id's shape.
  const claims = await verifyClickId(trackerSecret, clickId);
  if (!claims) return { problem: `click_id is not a signed click id: ${clickId}` };
  if (claims.affiliateId !== affiliateId || claims.campaignId !== campaignId)
    return { problem: `click_id claims another link: ${clickId}` };
  if (
    got.searchParams.get('affiliate_id') !== String(affiliateId) ||
    got.searchParams.get('campaign_id') !== String(campaignId)
  ) {
    return { problem: `affiliate or campaign macro wrong: ${location}` };
  }
  if (got.searchParams.get('sub1') !== sub1) return { problem: `sub1 macro wrong: ${location}` };
  return { clickId };
}

// A distinct visitor address per click, as real traffic has, from the benchmarking range 198.18.0.0/15.
const visitorIp = (i: number) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;

async function sendClick(stack: Stack, plan: TrafficPlan, index: number): Promise<ClickResult> {
  const affiliate = stack.affiliates[index % stack.affiliates.length]!;
  const campaign =
    stack.campaigns[Math.floor(index / stack.affiliates.length) % stack.campaigns.length]!;
  const sub1 = clickMarker(plan.runId);
  const base = { index, phase: plan.phase(), affiliateId: affiliate.id, campaignId: campaign.id };
  try {
    const res = await fetch(
      `${stack.apiUrl}/c/${campaign.id}/${affiliate.id}?sub1=${sub1}&sub2=${index}`,
      {
        redirect: 'manual',
        headers: {
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) drill',
          'cf-connecting-ip': visitorIp(index),
          accept: 'text/html',
        },
      },
    );
    await res.body?.cancel();
    if (res.status !== 302)
      return { ...base, status: res.status, redirectOk: false, problem: `status ${res.status}` };
    const { clickId, problem } = await checkLocation(
      stack.trackerSecret,
      res.headers.get('location'),
      campaign.offerUrl,
      affiliate.id,
      campaign.id,
      sub1,
    );
    return {
      ...base,
      status: 302,
      redirectOk: !problem,
      ...(clickId && { clickId }),
      ...(problem && { problem }),
    };
  } catch (err) {
    return { ...base, status: 'network error', redirectOk: false, problem: String(err) };
  }
}

async function sendPostback(
  stack: Stack,
  plan: TrafficPlan,
  index: number,
  click: ClickResult,
): Promise<PostbackResult> {
  const affiliate = stack.affiliates.find((a) => a.id === click.affiliateId)!;
  const txid = `${txidPrefix(plan.runId)}${index}`;
  const base = {
    index,
    phase: plan.phase(),
    txid,
    clickId: click.clickId!,
    affiliateId: affiliate.id,
  };
  const query = new URLSearchParams({
    affiliate_id: String(affiliate.id),
    click_id: click.clickId!,
    amount: `${(index % 50) + 1}.99`,
    currency: 'USD',
    txid,
    // The advertiser's server converts: its postbacks are the ones that count (an affiliate's would be pending).
    token: stack.defaultAdvertiser.postbackToken,
  });
  try {
    const res = await fetch(`${stack.apiUrl}/postback?${query}`);
    const text = await res.text();
    const ok = res.status === 200 || res.status === 202;
    return { ...base, status: res.status, ...(!ok && { problem: text.slice(0, 200) }) };
  } catch (err) {
    return { ...base, status: 'network error', problem: String(err) };
  }
}

/**
 * Sends the planned clicks and postbacks evenly over the window, without waiting for answers
 * (a slow answer never slows the rate). Each postback converts the latest click answered so far.
 */
export async function runTraffic(stack: Stack, plan: TrafficPlan, ledger: Ledger): Promise<void> {
  type Event = { at: number; kind: 'click' | 'postback'; index: number };
  const events: Event[] = [];
  for (let i = 0; i < plan.clicks; i++)
    events.push({ at: (i * plan.durationMs) / plan.clicks, kind: 'click', index: i });
  // Postbacks start once a few clicks have been answered and end with the window.
  const lead = Math.min(plan.durationMs * 0.1, 2000);
  for (let j = 0; j < plan.postbacks; j++)
    events.push({
      at: lead + (j * (plan.durationMs - lead)) / plan.postbacks,
      kind: 'postback',
      index: j,
    });
  events.sort((a, b) => a.at - b.at);
  const started = Date.now();
  const pending: Promise<void>[] = [];
  const track = <T>(work: Promise<T>, done: (value: T) => void) => {
    ledger.inFlight++;
    pending.push(work.then(done).finally(() => void ledger.inFlight--));
  };
  for (const event of events) {
    const wait = started + event.at - Date.now();
    if (wait > 0) await sleep(wait);
    if (event.kind === 'click') {
      track(sendClick(stack, plan, event.index), (r) => ledger.clicks.push(r));
      continue;
    }
    const source = ledger.clicks.findLast((c) => c.clickId);
    if (!source) {
      ledger.postbacks.push({
        index: event.index,
        phase: plan.phase(),
        status: 'network error',
        txid: '',
        clickId: '',
        affiliateId: 0,
        problem: 'no click answered yet',
      });
      continue;
    }
    track(sendPostback(stack, plan, event.index, source), (r) => ledger.postbacks.push(r));
  }
  await Promise.all(pending);
}

// Loads every link's configuration into the edge cache without recording anything (HEAD is not counted).
export async function warmUp(stack: Stack): Promise<void> {
  for (const affiliate of stack.affiliates) {
    for (const campaign of stack.campaigns) {
      const res = await fetch(`${stack.apiUrl}/c/${campaign.id}/${affiliate.id}`, {
        method: 'HEAD',
        redirect: 'manual',
      });
      if (res.status !== 302)
        throw new Error(`warm-up: /c/${campaign.id}/${affiliate.id} answered ${res.status}`);
    }
  }
}
