import { useLayoutEffect } from 'preact/hooks';
import { describeFailure } from '../api/failure.ts';
import { useDashboard } from './context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { LinkBuilder } from './LinkBuilder.tsx';
import { PageHeading } from './PageHeading.tsx';
import { PostbackUrlPanel } from './PostbackUrlPanel.tsx';
import { LoadingText, SkeletonBlock } from './Skeleton.tsx';
import { TestPostbackPanel } from './TestPostbackPanel.tsx';

export function LinksPage() {
  const { links, api } = useDashboard();
  // Layout effect: loading starts before the first paint, so a stale page is never shown as ready.
  useLayoutEffect(() => links.activate(), []);
  const data = links.links.data.value;
  const error = links.links.error.value;
  return (
    <div class="page" aria-busy={links.links.loading.value} data-page="links">
      <PageHeading description="Your postback URL for reporting conversions, tracking links for your traffic sources, and a test postback.">
        Postback URL &amp; links
      </PageHeading>
      {error && <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={links.load} />}
      {!data && !error && (
        <>
          <LoadingText>Loading your postback URL…</LoadingText>
          <SkeletonBlock height={180} />
          <SkeletonBlock height={220} />
        </>
      )}
      {data && (
        <>
          <PostbackUrlPanel
            links={data}
            macros={links.macros.value}
            optional={links.optional.value}
          />
          <LinkBuilder />
          <TestPostbackPanel />
        </>
      )}
    </div>
  );
}
