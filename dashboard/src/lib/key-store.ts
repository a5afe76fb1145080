import type { KeyStore } from '../models/session.ts';

const KEY = 'affiliate-dashboard.api-key';

/** The API key in localStorage; private modes that refuse storage just forget it on reload. */
export function localKeyStore(storage: Storage | undefined = globalThis.localStorage): KeyStore {
  return {
    read() {
      try {
        return storage?.getItem(KEY) ?? null;
      } catch {
        return null;
      }
    },
    write(key) {
      try {
        storage?.setItem(KEY, key);
      } catch {
        // storage full or disabled: the session still works until reload
      }
    },
    clear() {
      try {
        storage?.removeItem(KEY);
      } catch {
        // nothing stored
      }
    },
  };
}
