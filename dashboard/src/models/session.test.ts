import { describe, expect, it } from 'vitest';
import { fakeApi, keySignal, memoryStore, offline, unauthorized } from '../test-support/fakes.ts';
import { createSession } from './session.ts';

const northwind = {
  id: 1,
  name: 'Northwind Media',
  status: 'active' as const,
  outgoing_postback_url: null,
  created_at: '2026-11-01T00:00:00.000Z',
};

describe('session', () => {
  it('signs in with a key the API accepts and keeps it', async () => {
    const seen: (string | undefined)[] = [];
    const store = memoryStore();
    const apiKey = keySignal();
    const api = fakeApi({
      me: async (key) => {
        seen.push(key);
        return { role: 'affiliate', affiliate: { id: 1, name: 'Northwind Media' } };
      },
      affiliates: async () => [northwind],
    });
    const session = createSession({ api, apiKey, store });
    expect(session.status.value).toBe('signed-out');
    expect(await session.signIn('  ak_good_key_123456  ')).toBe(true);
    expect(seen).toEqual(['ak_good_key_123456']);
    expect(session.status.value).toBe('signed-in');
    expect(session.isAdmin.value).toBe(false);
    expect(session.affiliates.value).toEqual([northwind]);
    expect(store.value).toBe('ak_good_key_123456');
    expect(apiKey.value).toBe('ak_good_key_123456');
  });

  it('signs an advertiser in without listing affiliates (its key may not)', async () => {
    const api = fakeApi({
      me: async () => ({
        role: 'advertiser',
        affiliate: null,
        advertiser: { id: 2, name: 'Acme Software' },
      }),
    });
    const session = createSession({ api, apiKey: keySignal(), store: memoryStore() });
    expect(await session.signIn('adk_acme_key_123456')).toBe(true);
    expect(session.role.value).toBe('advertiser');
    expect(session.affiliates.value).toEqual([]);
  });

  it('says why a wrong key is refused and stores nothing', async () => {
    const store = memoryStore();
    const session = createSession({
      api: fakeApi({ me: () => Promise.reject(unauthorized()) }),
      apiKey: keySignal(),
      store,
    });
    expect(await session.signIn('ak_wrong_key_123456')).toBe(false);
    expect(session.status.value).toBe('signed-out');
    expect(session.error.value).toMatch(/not accepted/);
    expect(store.value).toBeNull();
  });

  it('asks for a key instead of calling the API with an empty one', async () => {
    const session = createSession({ api: fakeApi(), apiKey: keySignal(), store: memoryStore() });
    expect(await session.signIn('   ')).toBe(false);
    expect(session.error.value).toMatch(/Paste your API key/);
  });

  it('forgets a saved key the API no longer accepts', async () => {
    const store = memoryStore('ak_revoked_key_12345');
    const apiKey = keySignal(store.value);
    const session = createSession({
      api: fakeApi({ me: () => Promise.reject(unauthorized()) }),
      apiKey,
      store,
    });
    expect(session.status.value).toBe('checking');
    await session.restore();
    expect(session.status.value).toBe('signed-out');
    expect(session.error.value).toMatch(/no longer accepted/);
    expect(store.value).toBeNull();
    expect(apiKey.value).toBeNull();
  });

  it('keeps a saved key while the API is unreachable', async () => {
    const store = memoryStore('ak_saved_key_1234567');
    const session = createSession({
      api: fakeApi({ me: () => Promise.reject(offline()) }),
      apiKey: keySignal(store.value),
      store,
    });
    await session.restore();
    expect(session.status.value).toBe('unreachable');
    expect(session.error.value).toMatch(/Can't reach the tracking API at http:\/\/api.test/);
    expect(store.value).toBe('ak_saved_key_1234567');
  });

  it('signs out', async () => {
    const store = memoryStore();
    const session = createSession({
      api: fakeApi({
        me: async () => ({ role: 'admin', affiliate: null }),
        affiliates: async () => [northwind],
      }),
      apiKey: keySignal(),
      store,
    });
    await session.signIn('admin_token_1234567890');
    expect(session.isAdmin.value).toBe(true);
    session.signOut();
    expect(session.status.value).toBe('signed-out');
    expect(session.me.value).toBeNull();
    expect(session.affiliates.value).toEqual([]);
    expect(store.value).toBeNull();
  });
});
