import { AffiliatePicker } from './AffiliatePicker.tsx';
import { ClicksPage } from './ClicksPage.tsx';
import { ConversionsPage } from './ConversionsPage.tsx';
import { useDashboard } from './context.ts';
import { LinksPage } from './LinksPage.tsx';
import { Nav } from './Nav.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { QualityPage } from './QualityPage.tsx';

const pageComponents = { overview: OverviewPage, clicks: ClicksPage, conversions: ConversionsPage, quality: QualityPage, links: LinksPage };

// The skip link focuses <main> itself: following "#main" would be read as a route by the hash router.
function skipToMain(e: Event) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function Shell() {
  const { router, scope, session, signOut } = useDashboard();
  const Page = pageComponents[router.page.value];
  const foreign = scope.foreignId.value;
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <div class="top-inner">
          <p class="brand">
            <span class="brand-mark" aria-hidden="true" />
            Affiliate dashboard
          </p>
          <AffiliatePicker />
          <button type="button" class="button button-quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
        <Nav />
      </header>
      <main id="main" tabIndex={-1} class="main">
        {foreign && (
          <div class="notice notice-info" role="status" data-foreign-notice>
            <p>
              {session.isAdmin.value
                ? `There is no affiliate #${foreign}; showing ${scope.affiliate.value?.name ?? 'the first affiliate'} instead.`
                : `The link asked for affiliate #${foreign}, but this key only opens your own data, so you are seeing ${scope.affiliate.value?.name ?? 'your account'}.`}
            </p>
            <button type="button" class="button button-quiet" onClick={scope.clearForeign}>
              Dismiss
            </button>
          </div>
        )}
        {scope.affiliateId.value === null ? (
          <p class="notice notice-info">There are no affiliates yet. Create one with POST /affiliates, then reload.</p>
        ) : (
          <Page key={router.page.value} />
        )}
      </main>
    </>
  );
}
