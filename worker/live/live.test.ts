import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClickMessage } from '../queue/messages.ts';
import {
  adminToken,
  api,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../test/api.ts';
import { deliver } from '../test/idempotency/queue-harness.ts';
import { expectError } from '../test/security/error-shape.ts';
import { unique } from '../test/security/requests.ts';
import { conversionEvent, scopesOf, type LiveEvent } from './events.ts';
import { withOwners } from './owners.ts';
import { issueTicket, verifyTicket } from './ticket.ts';
import { buildServices } from '../services.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

interface Listener {
  messages: { type: string; events?: LiveEvent[] }[];
  /** Resolves with the first event-bearing message after `since` messages; rejects after `ms`. */
  events(since: number, ms?: number): Promise<LiveEvent[]>;
  close(): void;
}

const open: WebSocket[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.close(1000, 'test over');
});

async function ticketFor(key: string): Promise<string> {
  const res = await api('/live/ticket', { method: 'POST', key });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).data.ticket;
}

function connect(ticket: string, headers: Record<string, string> = {}): Promise<Response> {
  return api(`/live?ticket=${encodeURIComponent(ticket)}`, {
    headers: { upgrade: 'websocket', ...headers },
  });
}

async function listen(key: string): Promise<Listener> {
  const res = await connect(await ticketFor(key));
  expect(res.status).toBe(101);
  const socket = res.webSocket!;
  socket.accept();
  open.push(socket);
  const messages: Listener['messages'] = [];
  const waiters = new Set<() => void>();
  socket.addEventListener('message', (e) => {
    messages.push(JSON.parse(String(e.data)));
    for (const wake of waiters) wake();
  });
  const listener: Listener = {
    messages,
    events(since, ms = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(since).find((m) => m.type === 'events');
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found.events!);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no live events within ${ms} ms`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(1000, 'done'),
  };
  // The channel greets each new connection, so the socket is known to be registered before publishing.
  await new Promise<void>((resolve) => {
    const hello = () =>
      messages.some((m) => m.type === 'hello') && (waiters.delete(hello), resolve());
    waiters.add(hello);
    hello();
  });
  return listener;
}

// Nothing arrives: waits a little longer than a delivery takes when something does.
async function expectSilence(listener: Listener, since: number): Promise<void> {
  await expect(listener.events(since, 400)).rejects.toThrow('no live events');
}

let campaign: { id: number };
let alpha: TestAffiliate;
let bravo: TestAffiliate;

beforeAll(async () => {
  campaign = await createCampaign({ name: unique('Live'), default_payout: '3' });
  alpha = await createAffiliate(unique('live-alpha'));
  bravo = await createAffiliate(unique('live-bravo'));
});

function clickBatch(rows: { affiliate: TestAffiliate; n: number; campaignId?: number }[]) {
  const prefix = unique('live-click');
  return rows.flatMap(({ affiliate, n, campaignId }) =>
    Array.from({ length: n }, (_, i) => {
      const clickId = `${prefix}-${affiliate.id}-${campaignId ?? campaign.id}-${i}`;
      const body: ClickMessage = {
        clickId,
        affiliateId: affiliate.id,
        campaignId: campaignId ?? campaign.id,
        sub: [null, null, null, null, null],
        ipHash: null,
        userAgent: 'Mozilla/5.0',
        country: 'DE',
        referrer: null,
        timestamp: new Date().toISOString(),
      };
      return { id: clickId, body };
    }),
  );
}

describe('live channel: tickets', () => {
  it('gives a key a ticket for its own scope only, with a ws URL', async () => {
    const res = await api('/live/ticket', { method: 'POST', key: alpha.apiKey });
    const { data } = await json(res);
    expect(data.scope).toBe(`affiliate:${alpha.id}`);
    expect(data.url).toMatch(/^ws:\/\/tracker\.test\/live\?ticket=/);
    expect(new Date(data.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const admin = await json(await api('/live/ticket', { method: 'POST', key: adminToken }));
    expect(admin.data.scope).toBe('admin');
  });

  it('refuses a missing, tampered, forged or expired ticket with 401', async () => {
    const good = await ticketFor(alpha.apiKey);
    const [payload, signature] = good.split('.') as [string, string];
    const forgedScope = btoa(
      `affiliate:${bravo.id}|${Math.floor(Date.now() / 1000) + 60}|abcdefabcdefabcd`,
    ).replace(/=+$/, '');
    const expired = (
      await issueTicket(env.TRACKER_SECRET, `affiliate:${alpha.id}`, Date.now() - 120_000)
    ).ticket;
    const otherSecret = (
      await issueTicket('another-secret-0123456789abcdef0123456789', `affiliate:${alpha.id}`)
    ).ticket;
    for (const bad of [
      `${payload}.${signature.slice(0, -2)}xx`,
      `${forgedScope}.${signature}`,
      expired,
      otherSecret,
      'x',
      `${good}.extra`,
      alpha.apiKey,
    ]) {
      await expectError(await connect(bad), 401, 'unauthorized');
    }
    await expectError(
      await api('/live', { headers: { upgrade: 'websocket' } }),
      401,
      'unauthorized',
    );
  });

  it('opens one connection per ticket: a replayed ticket is refused', async () => {
    const ticket = await ticketFor(alpha.apiKey);
    const first = await connect(ticket);
    expect(first.status).toBe(101);
    first.webSocket!.accept();
    open.push(first.webSocket!);
    await expectError(await connect(ticket), 401, 'unauthorized');
  });

  it('refuses a plain GET and a page from a foreign origin', async () => {
    await expectError(
      await api(`/live?ticket=${encodeURIComponent(await ticketFor(alpha.apiKey))}`),
      400,
      'bad_request',
    );
    await expectError(
      await connect(await ticketFor(alpha.apiKey), { origin: 'https://evil.example' }),
      403,
      'forbidden',
    );
    expect(
      (
        await connect(await ticketFor(alpha.apiKey), {
          origin: env.DASHBOARD_ORIGIN.split(',')[0]!,
        })
      ).status,
    ).toBe(101);
  });
});

describe('live channel: fan-out', () => {
  it("sends one message per click batch to each scope, with only that scope's events", async () => {
    const [onAlpha, onBravo, onAdmin] = await Promise.all([
      listen(alpha.apiKey),
      listen(bravo.apiKey),
      listen(adminToken),
    ]);
    const marks = [onAlpha, onBravo, onAdmin].map((l) => l.messages.length);
    const result = await deliver(
      'tracker-clicks',
      clickBatch([
        { affiliate: alpha, n: 3 },
        { affiliate: bravo, n: 2 },
      ]),
    );
    expect(result.explicitAcks.length + (result.ackAll ? 1 : 0)).toBeGreaterThan(0);

    const alphaEvents = await onAlpha.events(marks[0]!);
    expect(alphaEvents).toEqual([
      expect.objectContaining({
        type: 'clicks',
        affiliate_id: alpha.id,
        campaign_id: campaign.id,
        count: 3,
      }),
    ]);
    const bravoEvents = await onBravo.events(marks[1]!);
    expect(bravoEvents).toEqual([
      expect.objectContaining({ type: 'clicks', affiliate_id: bravo.id, count: 2 }),
    ]);
    const adminEvents = await onAdmin.events(marks[2]!);
    expect(adminEvents.map((e) => [e.affiliate_id, e.type === 'clicks' && e.count]).sort()).toEqual(
      [
        [alpha.id, 3],
        [bravo.id, 2],
      ].sort(),
    );
    // One message for the batch, not one per click.
    expect(onAlpha.messages.slice(marks[0]!).filter((m) => m.type === 'events')).toHaveLength(1);
  });

  it('says nothing for a redelivered batch that adds no clicks', async () => {
    const batch = clickBatch([{ affiliate: alpha, n: 2 }]);
    await deliver('tracker-clicks', batch);
    const onAlpha = await listen(alpha.apiKey);
    const mark = onAlpha.messages.length;
    await deliver('tracker-clicks', batch);
    await expectSilence(onAlpha, mark);
  });

  it("tells Alpha about Alpha's postback, and Bravo nothing", async () => {
    const [click] = clickBatch([{ affiliate: alpha, n: 1 }]);
    await deliver('tracker-clicks', [click!]);
    const clickId = click!.body.clickId;
    const [onAlpha, onBravo, onAdmin] = await Promise.all([
      listen(alpha.apiKey),
      listen(bravo.apiKey),
      listen(adminToken),
    ]);
    const marks = [onAlpha, onBravo, onAdmin].map((l) => l.messages.length);
    const postback = await api(
      `/postback?affiliate_id=${alpha.id}&click_id=${clickId}&amount=12&txid=${unique('tx')}&token=${ADVERTISER_TOKEN}`,
    );
    expect(postback.status, await postback.clone().text()).toBe(200);
    const conversionId = (await json(postback)).data.conversion_id;
    const expected = expect.objectContaining({
      type: 'conversion',
      affiliate_id: alpha.id,
      conversion_id: conversionId,
      status: 'approved',
      change: 'created',
    });
    expect(await onAlpha.events(marks[0]!)).toEqual([expected]);
    expect(await onAdmin.events(marks[2]!)).toEqual([expected]);
    await expectSilence(onBravo, marks[1]!);
  });

  it('publishes conversions recorded from the deferred-postback queue once per batch', async () => {
    const batch = clickBatch([{ affiliate: bravo, n: 2 }]);
    await deliver('tracker-clicks', batch);
    const onBravo = await listen(bravo.apiKey);
    const mark = onBravo.messages.length;
    await deliver(
      'tracker-postbacks',
      batch.map((m, i) => ({
        id: `pb-${m.id}`,
        body: {
          input: {
            affiliate_id: bravo.id,
            click_id: m.body.clickId,
            amount: '5',
            txid: `${m.id}-${i}`,
          },
          credential: { token: ADVERTISER_TOKEN },
          receivedAt: new Date().toISOString(),
        },
      })),
    );
    const events = await onBravo.events(mark);
    expect(events.map((e) => e.type)).toEqual(['conversion', 'conversion']);
    expect(onBravo.messages.slice(mark).filter((m) => m.type === 'events')).toHaveLength(1);
  });
});

describe('live channel: advertisers', () => {
  let acme: TestAdvertiser;
  let zenith: TestAdvertiser;
  let acmeCampaign: { id: number };
  let zenithCampaign: { id: number };

  beforeAll(async () => {
    acme = await createAdvertiser(unique('live-acme'));
    zenith = await createAdvertiser(unique('live-zenith'));
    acmeCampaign = await createCampaign({ name: unique('Live Acme'), advertiser_id: acme.id });
    zenithCampaign = await createCampaign({
      name: unique('Live Zenith'),
      advertiser_id: zenith.id,
    });
  });

  it('gives an advertiser key a ticket for its own scope, which the channel takes', async () => {
    const res = await api('/live/ticket?scope=admin', { method: 'POST', key: acme.apiKey });
    const { data } = await json(res);
    expect(data.scope).toBe(`advertiser:${acme.id}`);
    expect((await verifyTicket(env.TRACKER_SECRET, data.ticket))?.scope).toBe(
      `advertiser:${acme.id}`,
    );
    const opened = await connect(data.ticket);
    expect(opened.status).toBe(101);
    opened.webSocket!.accept();
    open.push(opened.webSocket!);
  });

  it("tells an advertiser about clicks on its campaigns, with every affiliate's, and another advertiser nothing", async () => {
    const [onAcme, onZenith] = await Promise.all([listen(acme.apiKey), listen(zenith.apiKey)]);
    const marks = [onAcme, onZenith].map((l) => l.messages.length);
    await deliver(
      'tracker-clicks',
      clickBatch([
        { affiliate: alpha, n: 2, campaignId: acmeCampaign.id },
        { affiliate: bravo, n: 1, campaignId: acmeCampaign.id },
      ]),
    );
    const events = await onAcme.events(marks[0]!);
    expect(
      events
        .map((e) => [
          e.affiliate_id,
          e.campaign_id,
          e.advertiser_id,
          e.type === 'clicks' && e.count,
        ])
        .sort(),
    ).toEqual(
      [
        [alpha.id, acmeCampaign.id, acme.id, 2],
        [bravo.id, acmeCampaign.id, acme.id, 1],
      ].sort(),
    );
    await expectSilence(onZenith, marks[1]!);
    const zenithMark = onZenith.messages.length;
    await deliver(
      'tracker-clicks',
      clickBatch([{ affiliate: alpha, n: 1, campaignId: zenithCampaign.id }]),
    );
    expect(await onZenith.events(zenithMark)).toEqual([
      expect.objectContaining({ campaign_id: zenithCampaign.id, advertiser_id: zenith.id }),
    ]);
  });

  it("sends a conversion to its campaign's advertiser, the admin and the affiliate", () => {
    const [event] = conversionEvent(
      { id: 1, affiliateId: 7, campaignId: 3, status: 'approved' },
      'created',
      5,
    );
    expect(scopesOf(event!)).toEqual(['admin', 'affiliate:7', 'advertiser:5']);
    const [unowned] = conversionEvent(
      { id: 1, affiliateId: 7, campaignId: 3, status: 'approved' },
      'created',
    );
    expect(scopesOf(unowned!)).toEqual(['admin', 'affiliate:7']);
  });

  it('fills in the owner of events published without one from the campaign config', async () => {
    const { config } = buildServices(env);
    const events = [
      ...conversionEvent(
        { id: 1, affiliateId: alpha.id, campaignId: acmeCampaign.id, status: 'pending' },
        'created',
      ),
      ...conversionEvent(
        { id: 2, affiliateId: alpha.id, campaignId: 2_000_000_000, status: 'pending' },
        'created',
      ),
      ...conversionEvent(
        { id: 3, affiliateId: alpha.id, campaignId: zenithCampaign.id, status: 'pending' },
        'created',
        zenith.id,
      ),
    ];
    expect((await withOwners(config, events)).map((e) => e.advertiser_id)).toEqual([
      acme.id,
      null,
      zenith.id,
    ]);
  });
});
