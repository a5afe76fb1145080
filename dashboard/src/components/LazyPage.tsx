import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageName } from '../models/router.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

// Pages loaded on demand, each its own chunk: console pages (an affiliate's browser never
// downloads them) and the once-in-a-while setup page. vite.config.ts keeps them out of the entry.
const loaders: Partial<Record<PageName, () => Promise<ComponentType>>> = {
  links: () => import('./LinksPage.tsx').then((m) => m.LinksPage),
  affiliates: () => import('../console/AffiliatesPage.tsx').then((m) => m.AffiliatesPage),
  advertisers: () => import('../console/AdvertisersPage.tsx').then((m) => m.AdvertisersPage),
  campaigns: () => import('../console/CampaignsPage.tsx').then((m) => m.CampaignsPage),
  'my-campaigns': () => import('../console/AdvertiserCampaignsPage.tsx').then((m) => m.AdvertiserCampaignsPage),
  review: () => import('../console/ReviewPage.tsx').then((m) => m.ReviewPage),
  'postback-log': () => import('../console/PostbackLogPage.tsx').then((m) => m.PostbackLogPage),
  'postback-setup': () => import('../console/PostbackSetupPage.tsx').then((m) => m.PostbackSetupPage),
  deliveries: () => import('../console/DeliveriesPage.tsx').then((m) => m.DeliveriesPage),
};

export const lazyPages = Object.keys(loaders) as PageName[];

export function LazyPage(props: { page: PageName }) {
  const [Page, setPage] = useState<{ component: ComponentType } | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setFailed(false);
    loaders[props.page]?.()
      .then((component) => current && setPage({ component }))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [props.page, attempt]);
  if (failed) return <ErrorNotice message="This page could not be loaded. Check the connection and try again." onRetry={() => setAttempt(attempt + 1)} />;
  if (!Page) {
    return (
      <p class="muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  return <Page.component />;
}
