import {
  action,
  computed,
  createModel,
  effect,
  signal,
  type ReadonlySignal,
} from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import type { LiveEvent } from '../api/routes.ts';

/** The part of a browser WebSocket the live channel uses, so tests can hand in their own. */
export interface LiveSocket {
  onopen: ((e: unknown) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: ((e: { code: number }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export type LiveStatus = 'off' | 'connecting' | 'live' | 'offline';

/** What changed since the last signal: some affiliates' data, or (after a gap) possibly anything. */
export interface LiveChange {
  seq: number;
  affiliateIds: readonly number[] | 'all';
  /** Conversions created or moved in this batch (after a gap: possibly some, so 1). */
  conversions: number;
  at: number;
}

export interface LiveDeps {
  api: Pick<ApiClient, 'liveTicket'>;
  /** Connect while this is true (signed in). */
  enabled: ReadonlySignal<boolean>;
  open?: (url: string) => LiveSocket;
  timers?: Timers;
  now?: () => number;
}

// Closed by the server when a socket outlived its ticket: get a new one at once.
const REAUTHENTICATE = 4001;
const PING_MS = 30_000;
const MAX_BACKOFF_MS = 15_000;

const browserTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as number),
};

/**
 * The dashboard's live channel: one WebSocket per signed-in key. Each batch of events bumps
 * `change`; pages that show the affected affiliate refetch. After a drop it reconnects with
 * backoff and reports a change for everything, so what happened meanwhile is fetched too.
 */
export const LiveModel = createModel((deps: LiveDeps) => {
  const open = deps.open ?? ((url: string) => new WebSocket(url) as unknown as LiveSocket);
  const timers = deps.timers ?? browserTimers;
  const now = deps.now ?? (() => Date.now());
  const status = signal<LiveStatus>('off');
  const change = signal<LiveChange>({ seq: 0, affiliateIds: [], conversions: 0, at: 0 });
  const lastEventAt = signal<number | null>(null);
  let socket: LiveSocket | null = null;
  let retry: unknown = null;
  let ping: unknown = null;
  let failures = 0;
  let everConnected = false;
  let generation = 0;

  const announce = action((affiliateIds: readonly number[] | 'all', conversions: number) => {
    change.value = { seq: change.peek().seq + 1, affiliateIds, conversions, at: now() };
  });

  function schedule(ms: number, mine: number) {
    timers.clear(retry);
    retry = timers.set(() => void connect(mine), ms);
  }

  function onEvents(events: readonly LiveEvent[]) {
    lastEventAt.value = now();
    announce(
      [...new Set(events.map((e) => e.affiliate_id))],
      events.filter((e) => e.type === 'conversion').length,
    );
  }

  async function connect(mine: number): Promise<void> {
    if (mine !== generation) return;
    status.value = everConnected ? 'offline' : 'connecting';
    let url: string;
    try {
      url = (await deps.api.liveTicket()).url;
    } catch {
      if (mine === generation) dropped(mine, 1000);
      return;
    }
    if (mine !== generation) return;
    const ws = open(url);
    socket = ws;
    ws.onopen = () => {
      if (mine !== generation) return;
      const gap = everConnected;
      everConnected = true;
      failures = 0;
      status.value = 'live';
      timers.clear(ping);
      ping = timers.set(function beat() {
        ws.send('ping');
        ping = timers.set(beat, PING_MS);
      }, PING_MS);
      // Events published while the socket was down were never sent: refetch everything shown.
      if (gap) announce('all', 1);
    };
    ws.onmessage = (e) => {
      if (mine !== generation || typeof e.data !== 'string' || e.data === 'pong') return;
      try {
        const message = JSON.parse(e.data) as { type?: string; events?: LiveEvent[] };
        if (message.type === 'events' && Array.isArray(message.events)) onEvents(message.events);
      } catch {
        // Not ours: ignore.
      }
    };
    ws.onclose = (e) => {
      if (mine !== generation || socket !== ws) return;
      socket = null;
      timers.clear(ping);
      dropped(mine, e.code);
    };
  }

  function dropped(mine: number, code: number) {
    if (code === REAUTHENTICATE) return schedule(0, mine);
    failures++;
    status.value = everConnected ? 'offline' : 'connecting';
    schedule(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures, 5)), mine);
  }

  function stop() {
    generation++;
    timers.clear(retry);
    timers.clear(ping);
    const ws = socket;
    socket = null;
    if (ws) ws.close(1000, 'signed out');
    everConnected = false;
    failures = 0;
    status.value = 'off';
  }

  effect(() => {
    if (!deps.enabled.value) return;
    void connect(++generation);
    return stop;
  });

  return {
    status,
    change,
    lastEventAt,
    // Computed: the indicator's words
    label: computed(
      () =>
        ({ off: 'Live off', connecting: 'Connecting…', live: 'Live', offline: 'Reconnecting…' })[
          status.value
        ],
    ),
    // Action: connect again now (the indicator's retry button)
    reconnect: action(() => {
      if (!deps.enabled.peek()) return;
      stop();
      void connect(++generation);
    }),
  };
});

export type Live = InstanceType<typeof LiveModel>;
