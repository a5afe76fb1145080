import { action, computed, effect, signal } from '@preact/signals';
import { createApiClient, type CsvFile } from './api/client.ts';
import type { ClickItem, ConversionItem } from './api/routes.ts';
import { todayUtc } from './format/dates.ts';
import { createActivityList } from './models/activity.ts';
import { createCatalog } from './models/catalog.ts';
import { createCsvExport } from './models/csv-export.ts';
import { createLinks } from './models/links.ts';
import { LiveModel, type LiveChange, type LiveSocket } from './models/live.ts';
import { createOverview } from './models/overview.ts';
import { createQuality } from './models/quality.ts';
import { createRange } from './models/range.ts';
import { createRouter, type HashPort } from './models/router.ts';
import { createScope } from './models/scope.ts';
import { createSession, type KeyStore } from './models/session.ts';
import { createTestPostback } from './models/test-postback.ts';

export interface DashboardEnv {
  apiUrl: string;
  store: KeyStore;
  hash: HashPort;
  locale: string;
  save: (file: CsvFile) => void;
  today?: () => string;
  fetcher?: typeof fetch;
  openSocket?: (url: string) => LiveSocket;
}

export type Dashboard = ReturnType<typeof createDashboard>;

/** Wires every model once; components get this object through context and only read and call it. */
export function createDashboard(env: DashboardEnv) {
  const today = env.today ?? (() => todayUtc());
  const apiKey = signal(env.store.read());
  const api = createApiClient(env.apiUrl, () => apiKey.peek(), env.fetcher);
  const router = createRouter(env.hash);
  const session = createSession({ api, apiKey, store: env.store });
  const scope = createScope(session, router);
  const range = createRange(router.query, router.setQuery, today, env.locale);
  const catalog = createCatalog(api);
  const links = createLinks({ api, scope });
  const testPostback = createTestPostback({ api, scope, links, today });
  const clicks = createActivityList<ClickItem>({
    fetchPage: (id, request) => api.clicks(id, request),
    scope,
    range,
  });
  const conversions = createActivityList<ConversionItem>({
    fetchPage: (id, request) => api.conversions(id, request),
    scope,
    range,
  });

  const overview = createOverview({ api, scope, range, catalog, locale: env.locale });
  const live = new LiveModel({
    api,
    enabled: computed(() => session.status.value === 'signed-in'),
    open: env.openSocket,
  });

  // Action: refetch the open page, if it shows an affiliate the live change is about.
  const followLive = action((change: LiveChange) => {
    const shown = scope.affiliateId.value;
    if (shown === null || (change.affiliateIds !== 'all' && !change.affiliateIds.includes(shown)))
      return;
    const page = router.page.value;
    if (page === 'overview') overview.refresh();
    else if (page === 'clicks') clicks.refresh();
    else if (page === 'conversions') conversions.refresh();
  });

  const stopLive = effect(() => {
    const change = live.change.value;
    if (change.seq > 0) followLive(change);
  });

  // Campaign names follow the session: fetched at sign-in, dropped at sign-out.
  const stopCatalog = effect(() => {
    if (session.status.value === 'signed-in') void catalog.load();
    else catalog.reset();
  });

  // Action: forget what was typed or sent for one affiliate (an action batches and reads untracked).
  const forgetAffiliateInput = action(() => {
    testPostback.result.value = null;
    testPostback.clickId.value = '';
    links.subs.value = {};
    links.campaignId.value = null;
  });

  // What was typed or sent for one affiliate is not carried over to the next.
  const stopScopeReset = effect(() => {
    void scope.affiliateId.value;
    forgetAffiliateInput();
  });

  return {
    api,
    locale: env.locale,
    router,
    session,
    scope,
    range,
    catalog,
    overview,
    quality: createQuality({ api, scope, range, locale: env.locale }),
    live,
    clicks,
    conversions,
    clicksCsv: createCsvExport({ api, scope, range, kind: 'clicks', save: env.save }),
    conversionsCsv: createCsvExport({ api, scope, range, kind: 'conversions', save: env.save }),
    links,
    testPostback,
    // Action: sign out and forget everything shown for this key
    signOut: action(() => {
      session.signOut();
      router.setQuery({ affiliate: undefined });
    }),
    dispose() {
      stopCatalog();
      stopScopeReset();
      stopLive();
      live[Symbol.dispose]();
    },
  };
}
