import type { HashPort } from '../models/router.ts';

/** The router's view of `location.hash`; replace mode keeps range edits out of the back-button history. */
export function browserHashPort(win: Window = window): HashPort {
  return {
    read: () => win.location.hash,
    write(hash, mode) {
      if (mode === 'push') win.location.hash = hash;
      else win.history.replaceState(win.history.state, '', hash);
    },
    listen(onChange) {
      win.addEventListener('hashchange', onChange);
      return () => win.removeEventListener('hashchange', onChange);
    },
  };
}
