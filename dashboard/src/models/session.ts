import { computed, signal, type Signal } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import { asFailure, describeFailure } from '../api/failure.ts';
import type { AffiliateRow, Me } from '../api/routes.ts';
import { roleOf } from './roles.ts';

/** Where the API key lives between visits (localStorage in the browser). */
export interface KeyStore {
  read(): string | null;
  write(key: string): void;
  clear(): void;
}

export type SessionStatus = 'signed-out' | 'checking' | 'signed-in' | 'unreachable';

export type Session = ReturnType<typeof createSession>;

export function createSession(deps: {
  api: Pick<ApiClient, 'me' | 'affiliates' | 'baseUrl'>;
  apiKey: Signal<string | null>;
  store: KeyStore;
}) {
  const { api, apiKey, store } = deps;
  const me = signal<Me | null>(null);
  const affiliates = signal<AffiliateRow[]>([]);
  const status = signal<SessionStatus>(apiKey.peek() ? 'checking' : 'signed-out');
  const error = signal<string | null>(null);

  async function verify(key: string, restoring: boolean): Promise<boolean> {
    status.value = 'checking';
    error.value = null;
    try {
      const who = await api.me(key);
      apiKey.value = key;
      // The API lists all affiliates for the admin and only itself for an affiliate; an advertiser reads none.
      const list = roleOf(who) === 'advertiser' ? [] : await api.affiliates();
      store.write(key);
      affiliates.value = list;
      me.value = who;
      status.value = 'signed-in';
      return true;
    } catch (err) {
      const failure = asFailure(err);
      if (failure.code === 'unauthorized') {
        store.clear();
        apiKey.value = null;
        status.value = 'signed-out';
        error.value = restoring
          ? 'Your saved API key is no longer accepted. Sign in with your current key.'
          : describeFailure(failure, api.baseUrl);
      } else {
        status.value = restoring ? 'unreachable' : 'signed-out';
        error.value = describeFailure(failure, api.baseUrl);
      }
      return false;
    }
  }

  return {
    apiKey,
    me,
    affiliates,
    status,
    error,
    // Computed: the admin token is in use
    isAdmin: computed(() => me.value?.role === 'admin'),
    // Computed: what this key may see (affiliate, advertiser or admin)
    role: computed(() => roleOf(me.value)),
    // Action: check a key with GET /me and keep it if the API accepts it
    signIn(key: string): Promise<boolean> {
      const trimmed = key.trim();
      if (!trimmed) {
        error.value = 'Paste your API key to sign in.';
        return Promise.resolve(false);
      }
      return verify(trimmed, false);
    },
    // Action: sign in again with the key saved by an earlier visit
    async restore(): Promise<void> {
      const saved = apiKey.peek();
      if (saved) await verify(saved, true);
    },
    // Action: list the affiliates again after the console changed them (picker, outgoing postbacks)
    async reloadAffiliates(): Promise<void> {
      try {
        affiliates.value = await api.affiliates();
      } catch {
        // The list shown stays; the next sign-in reads it again.
      }
    },
    // Action: forget the key on this device
    signOut() {
      store.clear();
      apiKey.value = null;
      me.value = null;
      affiliates.value = [];
      error.value = null;
      status.value = 'signed-out';
    },
  };
}
