import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageName } from '../models/router.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

// Pages loaded on demand, each its own chunk: console pages (an affiliate's browser never
// downloads them) and the once-in-a-while setup and quality pages. vite.config.ts keeps them out of the entry.
const loaders: Partial<Record<PageName, () => Promise<ComponentType>>> = {
  quality: () => import('./QualityPage.tsx').then((m) => m.QualityPage),
  links: () => import('./LinksPage.tsx').then((m) => m.LinksPage),
  affiliates: () => import('../console/AffiliatesPage.tsx').then((m) => m.AffiliatesPage),
  campaigns: () => import('../console/CampaignsPage.tsx').then((m) => m.CampaignsPage),
  deliveries: () => import('../console/DeliveriesPage.tsx').then((m) => m.DeliveriesPage),
  traffic: () => import('../console/NetworkQualityPage.tsx').then((m) => m.NetworkQualityPage),
};

export const lazyPages = Object.keys(loaders) as PageName[];

export function LazyPage(props: { page: PageName }) {
  return <Lazy key={props.page} load={loaders[props.page]!} what="This page" />;
}

/** A component fetched on first use (its own chunk), with a retry when the download fails. */
export function Lazy<P extends object>(props: { load: () => Promise<ComponentType<P>>; props?: P; what: string }) {
  const [Loaded, setLoaded] = useState<{ component: ComponentType<P> } | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setFailed(false);
    props
      .load()
      .then((component) => current && setLoaded({ component }))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [attempt]);
  if (failed) return <ErrorNotice message={`${props.what} could not be loaded. Check the connection and try again.`} onRetry={() => setAttempt(attempt + 1)} />;
  if (!Loaded) {
    return (
      <p class="muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  return <Loaded.component {...(props.props as P)} />;
}
