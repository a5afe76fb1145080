import { computed, signal } from '@preact/signals';

// Report pages, then console pages (roles.ts says who sees which).
export const pages = [
  'overview',
  'clicks',
  'conversions',
  'quality',
  'links',
  'affiliates',
  'advertisers',
  'campaigns',
  'my-campaigns',
  'review',
  'postback-log',
  'postback-setup',
  'outgoing-postbacks',
  'traffic',
] as const;
export type PageName = (typeof pages)[number];

export type Query = Readonly<Record<string, string>>;

export interface Location {
  page: PageName;
  query: Query;
}

/** Where the router reads and writes `#/page?query`; the browser's location.hash, or a fake in tests. */
export interface HashPort {
  read(): string;
  write(hash: string, mode: 'push' | 'replace'): void;
  listen(onChange: () => void): () => void;
}

export function parseHash(hash: string): Location {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const page = (pages as readonly string[]).includes(path) ? (path as PageName) : 'overview';
  return { page, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function formatHash(location: Location): string {
  const search = new URLSearchParams(
    Object.entries(location.query).filter(([, v]) => v !== ''),
  ).toString();
  return `#/${location.page}${search ? `?${search}` : ''}`;
}

// What every page shares (the range and the affiliate shown); other keys belong to the page that set them.
const shared = (query: Query): Query =>
  Object.fromEntries(
    Object.entries(query).filter(([k]) => ['range', 'from', 'to', 'affiliate'].includes(k)),
  );

export type Router = ReturnType<typeof createRouter>;

/** Hash routing (`#/clicks?range=7d`): deep links and reloads keep the page on any static host. */
export function createRouter(port: HashPort) {
  const location = signal(parseHash(port.read()));
  // Ignores echoes of our own writes, so dependents do not reload for an unchanged location.
  port.listen(() => {
    const next = parseHash(port.read());
    if (formatHash(next) !== formatHash(location.peek())) location.value = next;
  });

  const write = (next: Location, mode: 'push' | 'replace') => {
    const hash = formatHash(next);
    location.value = parseHash(hash);
    if (port.read() !== hash) port.write(hash, mode);
  };

  return {
    location,
    // Computed: the page shown
    page: computed(() => location.value.page),
    // Computed: the query of the hash (range, affiliate)
    query: computed(() => location.value.query),
    // Action: open a page, keeping range and affiliate
    go(page: PageName) {
      write({ page, query: shared(location.peek().query) }, 'push');
    },
    // Action: change query values (undefined removes one) without adding a history entry
    setQuery(patch: Record<string, string | undefined>) {
      const query: Record<string, string> = { ...location.peek().query };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete query[k];
        else query[k] = v;
      }
      write({ page: location.peek().page, query }, 'replace');
    },
    /** The href of a nav link to `page`, with the current range and affiliate. */
    href(page: PageName): string {
      return formatHash({ page, query: shared(location.value.query) });
    },
  };
}
