import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageName } from '../models/router.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

// Pages loaded on demand, each its own chunk: the once-in-a-while setup page, the traffic quality
// report (opened less often than the money pages), and every console page through the console's
// own registry (an affiliate's browser never downloads those). vite.config.ts keeps them out of the entry.
const loaders: Partial<Record<PageName, () => Promise<ComponentType>>> = {
  quality: () => import('./QualityPage.tsx').then((m) => m.QualityPage),
  links: () => import('./LinksPage.tsx').then((m) => m.LinksPage),
};

function load(page: PageName): Promise<ComponentType> {
  return (
    loaders[page]?.() ??
    import('../console/page-loaders.ts').then(({ consolePageLoaders }) =>
      consolePageLoaders[page]!(),
    )
  );
}

export const lazyPages = Object.keys(loaders) as PageName[];

export function LazyPage(props: { page: PageName }) {
  return <Lazy key={props.page} load={() => load(props.page)} what="This page" />;
}

/** A component fetched on first use (its own chunk), with a retry when the download fails. */
export function Lazy<P extends object>(props: {
  load: () => Promise<ComponentType<P>>;
  props?: P;
  what: string;
}) {
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
  if (failed)
    return (
      <ErrorNotice
        message={`${props.what} could not be loaded. Check the connection and try again.`}
        onRetry={() => setAttempt(attempt + 1)}
      />
    );
  if (!Loaded) {
    return (
      <p class="muted" role="status" aria-busy="true">
        Loading…
      </p>
    );
  }
  return <Loaded.component {...(props.props as P)} />;
}
