import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { asFailure, describeFailure } from '../../api/failure.ts';
import { useDashboard } from '../../components/context.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatMoney } from '../../format/money.ts';
import { consoleApi, type Advertiser, type Campaign } from '../api.ts';
import { CampaignForm } from './CampaignForm.tsx';
import { CampaignStatusBadge } from './CampaignTerms.tsx';
import type { CampaignForm as CampaignFormModel } from './campaign-form-model.ts';
import { CapsModel } from '../caps/caps-model.ts';
import { CapsSection } from '../caps/CapsSection.tsx';
import { PayoutRulesModel } from '../payout-rules/payout-rules-model.ts';
import { PayoutRulesSection } from '../payout-rules/PayoutRulesSection.tsx';
import { RoutingModel } from '../routing/routing-model.ts';
import { RoutingSection } from '../routing/RoutingSection.tsx';
import './campaigns.css';

export interface DetailProps {
  campaign: Campaign;
  advertiserName?: string;
  /** Where "All campaigns" leads. */
  backHref: string;
  /** The admin's settings form; without it the view is read only (an advertiser's). */
  edit?: {
    form: CampaignFormModel;
    advertisers: Advertiser[] | null;
    advertisersError: string | null;
  };
}

/** One campaign: its settings, payout rules, caps and routing rules; the advertiser reads them, the admin edits them. */
export function CampaignDetail({ campaign, advertiserName, backHref, edit }: DetailProps) {
  const { api, session } = useDashboard();
  const canEdit = edit !== undefined;
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
  // Busy until each section has its answer or its error, from the very first render.
  const busy = [rules.list, caps.list, routing.list].some(
    (l) => l.loading.value || (l.answer.value === null && l.error.value === null),
  );
  return (
    <div class="page campaign-detail" aria-busy={busy} data-campaign-detail={campaign.id}>
      <p class="back">
        <a href={backHref}>← All campaigns</a>
      </p>
      <PageHeading
        description={`Campaign #${campaign.id} of ${advertiserName ?? `advertiser #${campaign.advertiser_id}`}. ${canEdit ? 'Changes apply to later clicks and conversions only.' : 'Read only: ask the network to change them.'}`}
      >
        {campaign.name} <CampaignStatusBadge status={campaign.status} />
      </PageHeading>
      {edit?.form.saved.value && edit.form.editing.value === null && (
        <p class="notice notice-ok" role="status">
          {edit.form.saved.value}
        </p>
      )}
      {edit && edit.form.editing.value === campaign.id ? (
        <CampaignForm
          form={edit.form}
          advertisers={edit.advertisers}
          advertisersError={edit.advertisersError}
        />
      ) : (
        <Settings campaign={campaign} onEdit={edit && (() => edit.form.edit(campaign))} />
      )}
      <PayoutRulesSection
        model={rules}
        canEdit={canEdit}
        affiliates={affiliates}
        affiliateName={affiliateName}
      />
      <CapsSection
        model={caps}
        canEdit={canEdit}
        affiliates={affiliates}
        affiliateName={affiliateName}
      />
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
          <dd>
            {c.offer_url ? (
              <span class="cell-url">{c.offer_url}</span>
            ) : (
              <span class="muted">none: clicks answer JSON</span>
            )}
          </dd>
        </div>
        <div class="settings-wide">
          <dt>Fallback URL</dt>
          <dd>
            {c.fallback_url ? (
              <span class="cell-url">{c.fallback_url}</span>
            ) : (
              <span class="muted">
                none: paused or capped links show an "offer unavailable" page
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Default payout</dt>
          <dd>
            {c.default_payout === null ? none : formatMoney(c.default_payout, c.currency, locale)}
          </dd>
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
