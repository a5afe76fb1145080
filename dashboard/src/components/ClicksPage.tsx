import type { ClickItem } from '../api/routes.ts';
import { ActivityFrame } from './ActivityFrame.tsx';
import { useDashboard } from './context.ts';
import { EmptyState } from './EmptyState.tsx';

function otherSubs(c: ClickItem): string {
  return [c.sub2, c.sub3, c.sub4, c.sub5].filter(Boolean).join(' / ');
}

export function ClicksPage() {
  const { clicks, clicksCsv, catalog, router } = useDashboard();
  return (
    <ActivityFrame
      page="clicks"
      title="Clicks"
      noun="clicks"
      list={clicks}
      csv={clicksCsv}
      empty={
        <EmptyState title="No clicks in this range">
          <p>
            Copy a tracking link from <a href={router.href('links')}>Postback &amp; links</a> and
            share it; every visit shows up here within seconds. Add <code>sub1</code>…
            <code>sub5</code> to tell your traffic sources apart.
          </p>
        </EmptyState>
      }
      columns={7}
      head={
        <>
          <th scope="col">Campaign</th>
          <th scope="col">sub1</th>
          <th scope="col">sub2–5</th>
          <th scope="col">Country</th>
          <th scope="col">Unique</th>
          <th scope="col">Click id</th>
        </>
      }
      rowData={(c) => ({ 'data-click-id': c.click_id })}
      cells={(c) => (
        <>
          <td>{catalog.name(c.campaign_id)}</td>
          <td>{c.sub1 ?? <span class="muted">–</span>}</td>
          <td>{otherSubs(c) || <span class="muted">–</span>}</td>
          <td>{c.country ?? <span class="muted">–</span>}</td>
          <td>{c.is_unique ? 'Yes' : 'No'}</td>
          <td>
            <code class="id">{c.click_id}</code>
          </td>
        </>
      )}
    />
  );
}
