import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { Lazy } from '../../components/LazyPage.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatHash } from '../../models/router.ts';
import { consoleApi, type Campaign } from '../api.ts';
import { CampaignForm } from './CampaignForm.tsx';
import { CampaignTermsCells, CampaignTermsHead } from './CampaignTerms.tsx';
import { CampaignsModel, type Campaigns } from './campaigns-model.ts';
import { FormOutcome, ListView } from '../lists/ListView.tsx';
import './campaigns.css';

export function CampaignsPage() {
  const { api, router, session } = useDashboard();
  const model = useModel(() => new CampaignsModel(consoleApi(api), api.baseUrl));
  const open = Number(router.query.value.campaign) || 0;
  useEffect(() => void model.loadAdvertisers(), []);
  // Opening a campaign or going back to the list reads the list again: it may have changed elsewhere.
  useEffect(() => {
    void model.list.load();
    model.form.saved.value = null;
  }, [open]);
  const canEdit = session.role.value === 'admin';
  const chosen = model.list.rows.value?.find((r) => r.id === open);
  if (open && chosen) {
    const edit = canEdit
      ? {
          form: model.form,
          advertisers: model.advertisers.value,
          advertisersError: model.advertisersError.value,
        }
      : undefined;
    const props = {
      campaign: chosen,
      advertiserName: model.advertiserNames.value.get(chosen.advertiser_id),
      backHref: router.href('campaigns'),
      edit,
    };
    return <Lazy load={loadDetail} props={props} what="This campaign" />;
  }
  if (open && model.list.loading.value) {
    return (
      <p class="muted" role="status" aria-busy="true">
        Loading campaign #{open}…
      </p>
    );
  }
  const missing = open > 0 && model.list.rows.value !== null;
  return (
    <div class="page" aria-busy={model.list.busy.value} data-page="campaigns">
      <PageHeading
        description={
          canEdit
            ? 'Offers affiliates promote: where the tracking link sends visitors, what an affiliate earns and how long a click can convert.'
            : 'Your offers: where tracking links send visitors, the payout rules, caps and routing rules in force, and how much of each cap is used.'
        }
      >
        Campaigns
      </PageHeading>
      {missing && (
        <p class="notice notice-info">
          There is no campaign #{open} you can see; here are all of them.
        </p>
      )}
      {canEdit &&
        (model.form.open.value ? (
          <CampaignForm
            form={model.form}
            advertisers={model.advertisers.value}
            advertisersError={model.advertisersError.value}
          />
        ) : (
          <div class="toolbar toolbar-start">
            <button type="button" class="button" onClick={model.form.start}>
              New campaign
            </button>
            <FormOutcome error={null} saved={model.form.saved.value} />
          </div>
        ))}
      <CampaignList model={model} canEdit={canEdit} />
    </div>
  );
}

function CampaignList({ model, canEdit }: { model: Campaigns; canEdit: boolean }) {
  const { router } = useDashboard();
  const names = model.advertiserNames.value;
  const detail = (id: number) =>
    formatHash({ page: 'campaigns', query: { ...router.query.value, campaign: String(id) } });
  return (
    <ListView
      list={model.list}
      noun="campaigns"
      empty={{
        title: 'No campaigns yet',
        body: (
          <p>
            {canEdit
              ? "Create one with New campaign and the advertiser's offer URL; affiliates then get tracking links for it."
              : 'The network has not set up a campaign for you yet.'}
          </p>
        ),
      }}
      head={
        <>
          <th scope="col">ID</th>
          <th scope="col">Name</th>
          <th scope="col">Advertiser</th>
          <CampaignTermsHead />
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        </>
      }
      row={(row: Campaign) => (
        <tr key={row.id} data-campaign-id={row.id}>
          <td class="num">{row.id}</td>
          <td>
            <a href={detail(row.id)}>{row.name}</a>
          </td>
          <td>{names.get(row.advertiser_id) ?? `#${row.advertiser_id}`}</td>
          <CampaignTermsCells
            campaign={row}
            none={{ offer: 'none: clicks answer JSON', payout: '–' }}
          />
          <td>
            <div class="row-actions">
              {canEdit && (
                <button
                  type="button"
                  class="button button-quiet"
                  onClick={() => model.form.edit(row)}
                  aria-label={`Edit ${row.name}`}
                >
                  Edit
                </button>
              )}
              <a
                class="button button-quiet"
                href={detail(row.id)}
                aria-label={`Rules and caps of ${row.name}`}
              >
                Rules &amp; caps
              </a>
            </div>
          </td>
        </tr>
      )}
    />
  );
}

// The detail view (payout rules, caps, routing) is its own chunk: loaded when a campaign is opened.
const loadDetail = () => import('./CampaignDetail.tsx').then((m) => m.CampaignDetail);
