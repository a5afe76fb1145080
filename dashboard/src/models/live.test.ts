import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { fakeApi, flush } from '../test-support/fakes.ts';
import { LiveModel, type LiveSocket, type Timers } from './live.ts';

class FakeSocket implements LiveSocket {
  onopen: LiveSocket['onopen'] = null;
  onmessage: LiveSocket['onmessage'] = null;
  onclose: LiveSocket['onclose'] = null;
  sent: string[] = [];
  closed: number | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closed = code;
  }
  // What the server does:
  opened() {
    this.onopen?.({});
  }
  events(events: unknown[]) {
    this.onmessage?.({ data: JSON.stringify({ type: 'events', events }) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

function manualTimers(): Timers & { run(): void; pending: { fn: () => void; ms: number }[] } {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    set(fn, ms) {
      const entry = { fn, ms };
      pending.push(entry);
      return entry;
    },
    clear(handle) {
      const i = pending.indexOf(handle as never);
      if (i >= 0) pending.splice(i, 1);
    },
    run() {
      const due = pending.splice(0).filter((p) => p.ms < 30_000);
      for (const p of due) p.fn();
    },
  };
}

function setup() {
  const sockets: FakeSocket[] = [];
  let tickets = 0;
  const enabled = signal(false);
  const timers = manualTimers();
  const live = new LiveModel({
    api: fakeApi({
      liveTicket: async () => ({
        ticket: `t${++tickets}`,
        url: `ws://api.test/live?ticket=t${tickets}`,
        scope: 'affiliate:1',
        expires_at: '',
      }),
    }),
    enabled,
    timers,
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  return { live, sockets, enabled, timers, tickets: () => tickets };
}

describe('live channel model', () => {
  it('connects only while signed in, with a fresh ticket, and says so', async () => {
    const { live, sockets, enabled } = setup();
    expect(live.status.value).toBe('off');
    enabled.value = true;
    await flush();
    expect(sockets.map((s) => s.url)).toEqual(['ws://api.test/live?ticket=t1']);
    expect(live.status.value).toBe('connecting');
    sockets[0]!.opened();
    expect(live.status.value).toBe('live');
    expect(live.label.value).toBe('Live');
    enabled.value = false;
    expect(sockets[0]!.closed).toBe(1000);
    expect(live.status.value).toBe('off');
  });

  it("reports which affiliates' data changed, once per message", async () => {
    const { live, sockets, enabled } = setup();
    enabled.value = true;
    await flush();
    sockets[0]!.opened();
    sockets[0]!.events([
      { type: 'clicks', affiliate_id: 4, campaign_id: 1, count: 3, at: '' },
      { type: 'clicks', affiliate_id: 4, campaign_id: 2, count: 1, at: '' },
      {
        type: 'conversion',
        affiliate_id: 7,
        campaign_id: 1,
        conversion_id: 9,
        status: 'approved',
        change: 'created',
        at: '',
      },
    ]);
    expect(live.change.value).toMatchObject({ seq: 1, affiliateIds: [4, 7], conversions: 1 });
    sockets[0]!.onmessage?.({ data: 'pong' });
    sockets[0]!.onmessage?.({ data: '{not json' });
    expect(live.change.value.seq).toBe(1);
  });

  it('reconnects after a drop with a new ticket and asks for everything to be fetched again', async () => {
    const { live, sockets, enabled, timers, tickets } = setup();
    enabled.value = true;
    await flush();
    sockets[0]!.opened();
    sockets[0]!.drop();
    expect(live.status.value).toBe('offline');
    expect(live.label.value).toBe('Reconnecting…');
    timers.run();
    await flush();
    expect(tickets()).toBe(2);
    sockets[1]!.opened();
    expect(live.status.value).toBe('live');
    expect(live.change.value).toMatchObject({ affiliateIds: 'all', conversions: 1 });
  });

  it('gets a new ticket at once when the server asks to re-authenticate', async () => {
    const { sockets, enabled, timers } = setup();
    enabled.value = true;
    await flush();
    sockets[0]!.opened();
    sockets[0]!.drop(4001);
    expect(timers.pending.some((p) => p.ms === 0)).toBe(true);
  });

  it('keeps retrying while the ticket cannot be had', async () => {
    const enabled = signal(true);
    const timers = manualTimers();
    let calls = 0;
    const live = new LiveModel({
      api: fakeApi({ liveTicket: () => (calls++, Promise.reject(new Error('offline'))) }),
      enabled,
      timers,
      open: () => {
        throw new Error('no socket without a ticket');
      },
    });
    await flush();
    expect(live.status.value).toBe('connecting');
    timers.run();
    await flush();
    expect(calls).toBe(2);
    live[Symbol.dispose]();
  });
});
