import { formatMoney } from '../format/money.ts';
import { ActivityFrame } from './ActivityFrame.tsx';
import { useDashboard } from './context.ts';
import { EmptyState } from './EmptyState.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function ConversionsPage() {
  const { conversions, conversionsCsv, catalog, router, locale } = useDashboard();
  return (
    <ActivityFrame
      page="conversions"
      title="Conversions"
      noun="conversions"
      list={conversions}
      csv={conversionsCsv}
      empty={
        <EmptyState title="No conversions in this range">
          <p>
            Conversions arrive when the advertiser calls your postback URL. Give them the URL from{' '}
            <a href={router.href('links')}>Postback &amp; links</a>, then use{' '}
            <em>Send a test postback</em> there to check the whole chain works.
          </p>
        </EmptyState>
      }
      columns={8}
      head={
        <>
          <th scope="col">Status</th>
          <th scope="col">Campaign</th>
          <th scope="col" class="num">
            Amount
          </th>
          <th scope="col" class="num">
            Payout
          </th>
          <th scope="col">Event</th>
          <th scope="col">Transaction</th>
          <th scope="col">Click id</th>
        </>
      }
      rowData={(c) => ({ 'data-conversion-id': c.id })}
      cells={(c) => (
        <>
          <td>
            <StatusBadge status={c.status} />
          </td>
          <td>{catalog.name(c.campaign_id)}</td>
          <td class="num">{formatMoney(c.amount, c.currency, locale)}</td>
          <td class="num">
            {c.payout === null ? (
              <span class="muted">–</span>
            ) : (
              formatMoney(c.payout, c.currency, locale)
            )}
          </td>
          <td>{c.event}</td>
          <td>{c.txid ? <code class="id">{c.txid}</code> : <span class="muted">–</span>}</td>
          <td>
            <code class="id">{c.click_id}</code>
          </td>
        </>
      )}
    />
  );
}
