import { AffiliatePicker } from './AffiliatePicker.tsx';
import { ClicksPage } from './ClicksPage.tsx';
import { LazyPage, lazyPages } from './LazyPage.tsx';
import { allowedPage, isConsolePage } from '../models/roles.ts';
import { ConversionsPage } from './ConversionsPage.tsx';
import { useDashboard } from './context.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { Nav } from './Nav.tsx';
import { OverviewPage } from './OverviewPage.tsx';

const brand = {
  admin: 'Network console',
  advertiser: 'Advertiser console',
  affiliate: 'Affiliate dashboard',
} as const;

const pageComponents = { overview: OverviewPage, clicks: ClicksPage, conversions: ConversionsPage };

// The skip link focuses <main> itself: following "#main" would be read as a route by the hash router.
function skipToMain(e: Event) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function Shell() {
  const { router, scope, session, signOut } = useDashboard();
  const shown = allowedPage(session.role.value, router.page.value);
  const consolePage = isConsolePage(shown);
  const Page = lazyPages.includes(shown)
    ? null
    : pageComponents[shown as keyof typeof pageComponents];
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
            {brand[session.role.value]}
            {session.me.value?.advertiser && (
              <span class="brand-who">{session.me.value.advertiser.name}</span>
            )}
          </p>
          <LiveIndicator />
          {!consolePage && <AffiliatePicker />}
          <button type="button" class="button button-quiet" onClick={signOut}>
            Sign out
          </button>
        </div>
        <Nav />
      </header>
      <main id="main" tabIndex={-1} class="main">
        {foreign && !consolePage && (
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
        {consolePage ? (
          <LazyPage key={shown} page={shown} />
        ) : scope.affiliateId.value === null ? (
          <p class="notice notice-info">
            There are no affiliates yet.{' '}
            {session.role.value === 'admin' ? (
              <a href={router.href('affiliates')}>Create the first one</a>
            ) : (
              'Ask your network to create one.'
            )}
          </p>
        ) : Page ? (
          <Page key={shown} />
        ) : (
          <LazyPage key={shown} page={shown} />
        )}
      </main>
    </>
  );
}
