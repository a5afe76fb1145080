import { Show } from '@preact/signals/utils';
import { useLayoutEffect } from 'preact/hooks';
import { describeFailure } from '../api/failure.ts';
import { useDashboard } from './context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PageHeading } from './PageHeading.tsx';
import { RangePicker } from './RangePicker.tsx';
import { LoadingText, SkeletonRows } from './Skeleton.tsx';

export function QualityPage() {
  const { quality, api } = useDashboard();
  useLayoutEffect(() => quality.activate(), []);
  const error = quality.error.value;
  const totals = quality.totals.value;
  const sources = quality.sources.value;
  const ctit = quality.ctit.value;
  return (
    <div class="page" aria-busy={quality.loading.value} data-page="quality">
      <PageHeading>Traffic quality</PageHeading>
      <RangePicker />
      {error && <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={quality.load} />}
      <Show when={quality.loading}>
        <LoadingText>Loading traffic quality…</LoadingText>
      </Show>
      {totals && (
        <p class="quality-summary" data-quality-totals data-share={totals.raw.suspicious_share}>
          <strong>{totals.suspicious}</strong> of {totals.clicks} recorded clicks were suspicious (<strong>{totals.share}</strong>). Suspicious clicks
          come from hosting networks, headless browsers or bursts from one visitor; they are not counted as clicks, and conversions on them wait for
          review.
        </p>
      )}
      <div class="split">
        <section class="panel" aria-labelledby="quality-sources-title" data-quality-sources>
          <h2 id="quality-sources-title">Suspicious share by sub id (sub1)</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="quality-sources-title">
            <table aria-busy={sources === null}>
              <thead>
                <tr>
                  <th scope="col">sub1</th>
                  <th scope="col" class="num">Clicks</th>
                  <th scope="col" class="num">Suspicious</th>
                  <th scope="col" class="num">Share</th>
                </tr>
              </thead>
              {sources === null ? (
                <SkeletonRows rows={3} columns={4} />
              ) : (
                <tbody>
                  {sources.length === 0 && (
                    <tr>
                      <td colSpan={4} class="muted">
                        No clicks in this range.
                      </td>
                    </tr>
                  )}
                  {sources.map((r) => (
                    <tr key={r.key} data-key={r.key} data-flagged={r.flagged ? 'true' : undefined} class={r.flagged ? 'row-flagged' : undefined}>
                      <th scope="row" class={r.key === '' ? 'muted' : undefined}>
                        {r.label}
                        {r.flagged && <span class="flag-badge">Check this source</span>}
                      </th>
                      <td class="num">{r.clicks}</td>
                      <td class="num">{r.suspicious}</td>
                      <td class="num">{r.share}</td>
                    </tr>
                  ))}
                </tbody>
              )}
            </table>
          </div>
        </section>
        <section class="panel" aria-labelledby="ctit-title" data-ctit>
          <h2 id="ctit-title">Time from click to conversion (CTIT)</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="ctit-title">
            <table aria-busy={ctit === null}>
              <thead>
                <tr>
                  <th scope="col">Time to convert</th>
                  <th scope="col">Conversions</th>
                  <th scope="col" class="num">Held or pending</th>
                </tr>
              </thead>
              {ctit === null ? (
                <SkeletonRows rows={6} columns={3} />
              ) : (
                <tbody>
                  {ctit.map((b) => (
                    <tr key={b.bucket} data-bucket={b.bucket}>
                      <th scope="row">{b.label}</th>
                      <td>
                        <span class="ctit-bar" style={{ width: `${b.width}%` }} aria-hidden="true" />
                        <span class="ctit-count">{b.conversions}</span>
                      </td>
                      <td class="num">{b.pending}</td>
                    </tr>
                  ))}
                </tbody>
              )}
            </table>
          </div>
          <p class="muted">Conversions faster than the campaign allows are held for review, not rejected.</p>
        </section>
      </div>
    </div>
  );
}
