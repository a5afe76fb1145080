// In-memory stand-ins for the browser and the API, so models are tested without either.
import { signal } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { HashPort } from '../models/router.ts';
import type { KeyStore } from '../models/session.ts';

export function memoryHash(
  initial = '',
): HashPort & { hash: string; writes: { hash: string; mode: string }[]; fire(hash: string): void } {
  const listeners = new Set<() => void>();
  const port = {
    hash: initial,
    writes: [] as { hash: string; mode: string }[],
    read: () => port.hash,
    write(hash: string, mode: 'push' | 'replace') {
      port.hash = hash;
      port.writes.push({ hash, mode });
      // Like the browser: a push fires hashchange, a replaceState does not.
      if (mode === 'push') for (const l of listeners) l();
    },
    listen(onChange: () => void) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    // The user edits the address bar.
    fire(hash: string) {
      port.hash = hash;
      for (const l of listeners) l();
    },
  };
  return port;
}

export function memoryStore(initial: string | null = null): KeyStore & { value: string | null } {
  const store = {
    value: initial,
    read: () => store.value,
    write: (key: string) => void (store.value = key),
    clear: () => void (store.value = null),
  };
  return store;
}

export const unauthorized = () => new ApiFailure('unauthorized', 'Invalid or revoked API key', 401);
export const offline = () => new ApiFailure('network', "Can't reach http://api.test");

/** A promise the test resolves by hand, to order concurrent answers. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));

export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  const missing = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));
  return {
    baseUrl: 'http://api.test',
    me: missing('me'),
    affiliates: missing('affiliates'),
    campaigns: missing('campaigns'),
    summary: missing('summary'),
    stats: missing('stats'),
    quality: missing('quality'),
    clicks: missing('clicks'),
    conversions: missing('conversions'),
    csv: missing('csv'),
    links: missing('links'),
    trackClick: missing('trackClick'),
    postback: missing('postback'),
    liveTicket: missing('liveTicket'),
    request: missing('request'),
    ...overrides,
  };
}

export const keySignal = (value: string | null = null) => signal<string | null>(value);
