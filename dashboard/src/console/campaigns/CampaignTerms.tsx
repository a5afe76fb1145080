import { useDashboard } from '../../components/context.ts';
import { formatMoney } from '../../format/money.ts';
import type { Campaign } from '../api.ts';

/** Whether a campaign takes clicks now. */
export function CampaignStatusBadge(props: { status: Campaign['status'] }) {
  const active = props.status === 'active';
  return (
    <span class={`badge ${active ? 'badge-approved' : 'badge-pending'}`}>
      {active ? 'Active' : 'Paused'}
    </span>
  );
}

/** The heads of the columns CampaignTermsCells fills. */
export function CampaignTermsHead() {
  return (
    <>
      <th scope="col">Status</th>
      <th scope="col">Offer URL</th>
      <th scope="col" class="num">
        Default payout
      </th>
      <th scope="col" class="num">
        Window
      </th>
    </>
  );
}

/**
 * A campaign's status, offer URL, default payout and attribution window in a list's row; `none`
 * says what a missing offer URL and default payout mean to the reader.
 */
export function CampaignTermsCells(props: {
  campaign: Pick<
    Campaign,
    'status' | 'offer_url' | 'default_payout' | 'currency' | 'attribution_window_days'
  >;
  none: { offer: string; payout: string };
}) {
  const { locale } = useDashboard();
  const c = props.campaign;
  return (
    <>
      <td>
        <CampaignStatusBadge status={c.status} />
      </td>
      <td class="cell-url" title={c.offer_url ?? undefined}>
        {c.offer_url ?? <span class="muted">{props.none.offer}</span>}
      </td>
      <td class="num">
        {c.default_payout === null ? (
          <span class="muted">{props.none.payout}</span>
        ) : (
          formatMoney(c.default_payout, c.currency, locale)
        )}
      </td>
      <td class="num nowrap">{c.attribution_window_days} days</td>
    </>
  );
}
