import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { describeFailure } from '../../api/failure.ts';
import { formatHash } from '../../models/router.ts';
import { Lazy } from '../../components/LazyPage.tsx';
import { isNetworkCampaign } from '../api.ts';
import { ConsoleTable } from '../lists/ListView.tsx';
import { CampaignTermsCells, CampaignTermsHead } from './CampaignTerms.tsx';
import '../money.css';
import './campaigns.css';

// A campaign's payout rules, caps and routing rules, read only: the same detail view the admin edits, its own chunk.
const loadDetail = () => import('./CampaignDetail.tsx').then((m) => m.CampaignDetail);

/** An advertiser's own campaigns, read-only: the network sets them up. */
export function AdvertiserCampaignsPage() {
  const { api, catalog, router, session } = useDashboard();
  const { campaigns } = catalog;
  // The catalog was read at sign-in; read it again so the page shows what is true now.
  useEffect(() => void catalog.load(), []);
  const rows = campaigns.data.value?.filter(isNetworkCampaign);
  const error = campaigns.error.value;
  const open = Number(router.query.value.campaign) || 0;
  const chosen = rows?.find((r) => r.id === open);
  const detail = (id: number) =>
    formatHash({ page: 'my-campaigns', query: { ...router.query.value, campaign: String(id) } });
  if (chosen) {
    const props = {
      campaign: chosen,
      advertiserName: session.me.value?.advertiser?.name,
      backHref: router.href('my-campaigns'),
    };
    return <Lazy load={loadDetail} props={props} what="This campaign" />;
  }
  return (
    <div class="page" aria-busy={campaigns.loading.value} data-page="my-campaigns">
      <PageHeading description="Your campaigns on this network: where visitors land and how long a click can convert. The network sets them up; ask it for changes.">
        Campaigns
      </PageHeading>
      {error && (
        <ErrorNotice
          message={describeFailure(error, api.baseUrl)}
          onRetry={() => void catalog.load()}
        />
      )}
      {rows === undefined ? (
        campaigns.loading.value && (
          <p class="muted" role="status">
            Loading campaigns…
          </p>
        )
      ) : rows.length === 0 ? (
        <EmptyState title="No campaigns yet">
          <p>
            The network has not set up a campaign for you yet. Once it has, it is listed here with
            its review queue and postback log.
          </p>
        </EmptyState>
      ) : (
        <ConsoleTable
          caption="Your campaigns"
          table={{ name: 'my-campaigns', class: 'actions-table' }}
          head={
            <>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <CampaignTermsHead />
              <th scope="col">Affiliate postbacks</th>
              <th scope="col">
                <span class="sr-only">Links</span>
              </th>
            </>
          }
          rows={rows}
          row={(row) => (
            <tr key={row.id} data-campaign-id={row.id}>
              <td class="num">{row.id}</td>
              <td>
                <a href={detail(row.id)}>{row.name}</a>
                <span class="campaign-links small">
                  <a
                    href={formatHash({
                      page: 'review',
                      query: { campaign_id: String(row.id) },
                    })}
                    aria-label={`Review conversions of ${row.name}`}
                  >
                    Review
                  </a>
                  {' · '}
                  <a
                    href={formatHash({
                      page: 'postback-log',
                      query: { campaign_id: String(row.id) },
                    })}
                    aria-label={`Postback log of ${row.name}`}
                  >
                    Postback log
                  </a>
                </span>
              </td>
              <CampaignTermsCells
                campaign={row}
                none={{ offer: 'none', payout: 'by payout rules' }}
              />
              <td>
                {row.affiliate_postbacks === 'pending'
                  ? 'Held for your review'
                  : 'Refused: only yours count'}
              </td>
              <td>
                <div class="row-actions">
                  <a
                    class="button button-quiet"
                    href={detail(row.id)}
                    aria-label={`Payout rules, caps and routing rules of ${row.name}`}
                  >
                    Rules &amp; caps
                  </a>
                </div>
              </td>
            </tr>
          )}
        />
      )}
    </div>
  );
}
