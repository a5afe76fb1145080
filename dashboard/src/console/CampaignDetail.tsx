import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { asFailure, describeFailure } from '../api/failure.ts';
import { useDashboard } from '../components/context.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatMoney } from '../format/money.ts';
import type { Campaign } from './api.ts';
import { consoleApi } from './api.ts';
import { CampaignForm } from './CampaignForm.tsx';
import type { Campaigns } from './campaigns-model.ts';
import { CapsModel } from './caps-model.ts';
import { CapsSection } from './CapsSection.tsx';
import { PayoutRulesModel } from './payout-rules-model.ts';
import { PayoutRulesSection } from './PayoutRulesSection.tsx';
import { RoutingModel } from './routing-model.ts';
import { RoutingSection } from './RoutingSection.tsx';

export interface DetailProps {
  campaign: Campaign;
  model: Campaigns;
  canEdit: boolean;
}

/** One campaign: its settings, payout rules, caps and routing rules; the advertiser reads them, the admin edits them. */
export function CampaignDetail({ campaign, model, canEdit }: DetailProps) {
  const { api, router, session } = useDashboard();
  const fail = (err: unknown) => describeFailure(asFailure(err), api.baseUrl);
  const calls = consoleApi(api);
  const rules = useModel(() => new PayoutRulesModel(calls, campaign.id, fail));
  const caps = useModel(() => new CapsModel(calls, campaign.id, fail));
  const routing = useModel(() => new RoutingModel(calls, campaign.id, fail));
  useEffect(() => {
    void rules.load();
    void caps.load();
    void routing.load();
  }, [campaign.id]);
  const affiliates = session.affiliates.value;
  const affiliateName = (id: string) => {
    const found = affiliates.find((a) => String(a.id) === id);
    return found ? `#${id} ${found.name}` : `Affiliate #${id}`;
  };
  const busy = rules.list.loading.value || caps.list.loading.value || routing.list.loading.value;
  return (
    <div class="page campaign-detail" aria-busy={busy} data-page="campaigns" data-campaign-detail={campaign.id}>
      <p class="back">
        <a href={router.href('campaigns')}>← All campaigns</a>
      </p>
      <PageHeading
        description={`Campaign #${campaign.id} of ${model.advertiserNames.value.get(campaign.advertiser_id) ?? `advertiser #${campaign.advertiser_id}`}. ${canEdit ? 'Changes apply to later clicks and conversions only.' : 'Read only: ask the network to change them.'}`}
      >
        {campaign.name}{' '}
        <span class={`badge ${campaign.status === 'active' ? 'badge-approved' : 'badge-pending'}`}>{campaign.status === 'active' ? 'Active' : 'Paused'}</span>
      </PageHeading>
      {canEdit && model.form.editing.value === campaign.id ? (
        <CampaignForm form={model.form} advertisers={model.advertisers.value} advertisersError={model.advertisersError.value} onDone={() => undefined} />
      ) : (
        <Settings campaign={campaign} onEdit={canEdit ? () => model.form.edit(campaign) : undefined} />
      )}
      <PayoutRulesSection model={rules} canEdit={canEdit} affiliates={affiliates} affiliateName={affiliateName} />
      <CapsSection model={caps} canEdit={canEdit} affiliates={affiliates} affiliateName={affiliateName} />
      <RoutingSection model={routing} campaign={campaign} canEdit={canEdit} />
    </div>
  );
}

function Settings({ campaign: c, onEdit }: { campaign: Campaign; onEdit?: () => void }) {
  const { locale } = useDashboard();
  const none = <span class="muted">none</span>;
  return (
    <section class="panel" aria-labelledby="settings-title" data-campaign-settings>
      <div class="section-head">
        <h2 id="settings-title">Settings</h2>
        {onEdit && (
          <button type="button" class="button button-secondary" onClick={onEdit}>
            Edit settings
          </button>
        )}
      </div>
      <dl class="settings">
        <div class="settings-wide">
          <dt>Offer URL</dt>
          <dd class="cell-url">{c.offer_url ?? <span class="muted">none: clicks answer JSON</span>}</dd>
        </div>
        <div class="settings-wide">
          <dt>Fallback URL</dt>
          <dd class="cell-url">{c.fallback_url ?? <span class="muted">none: paused or capped links show an "offer unavailable" page</span>}</dd>
        </div>
        <div>
          <dt>Default payout</dt>
          <dd>{c.default_payout === null ? none : formatMoney(c.default_payout, c.currency, locale)}</dd>
        </div>
        <div>
          <dt>Attribution window</dt>
          <dd>{c.attribution_window_days} days</dd>
        </div>
        <div>
          <dt>Affiliate postbacks</dt>
          <dd>{c.affiliate_postbacks === 'refused' ? 'Refused' : 'Pending, for review'}</dd>
        </div>
        <div>
          <dt>Minimum CTIT</dt>
          <dd>{c.min_ctit_seconds === null ? none : `${c.min_ctit_seconds} s`}</dd>
        </div>
        <div>
          <dt>Quality threshold</dt>
          <dd>{c.quality_threshold}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{c.time_zone ?? 'UTC'}</dd>
        </div>
      </dl>
    </section>
  );
}
