import type { BreakdownRow } from '../models/overview.ts';
import { SkeletonRows } from './Skeleton.tsx';

const columns = ['Clicks', 'Conversions', 'Conv. rate', 'Revenue', 'Payout'];

/** Totals per campaign or sub id for the range, busiest first. */
export function BreakdownTable(props: {
  id: string;
  title: string;
  keyHeader: string;
  rows: BreakdownRow[] | null;
  emptyText: string;
}) {
  const { rows } = props;
  return (
    <section class="panel" aria-labelledby={`${props.id}-title`} data-breakdown={props.id}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={`${props.id}-title`}>
        <table aria-busy={rows === null}>
          <thead>
            <tr>
              <th scope="col">{props.keyHeader}</th>
              {columns.map((c) => (
                <th key={c} scope="col" class="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          {rows === null ? (
            <SkeletonRows rows={3} columns={6} />
          ) : (
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} class="muted">
                    {props.emptyText}
                  </td>
                </tr>
              )}
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row" class={r.empty ? 'muted' : undefined}>
                    {r.label}
                  </th>
                  <td class="num">{r.clicks}</td>
                  <td class="num">{r.conversions}</td>
                  <td class="num">{r.rate}</td>
                  <td class="num">{r.revenue}</td>
                  <td class="num">{r.payout}</td>
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
    </section>
  );
}
