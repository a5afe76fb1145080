// The pieces of a traffic quality report, shared by the affiliate's page and the network console.
import type { ComponentChildren } from 'preact';
import type { QualityView } from '../../models/quality.ts';
import { useWidth } from '../DayChart.tsx';
import { SkeletonBlock, SkeletonRows } from '../Skeleton.tsx';
import { ctitGeometry } from './ctit-chart.ts';

/** "2 of 13 recorded clicks were suspicious (15.38%)", and what suspicious means. */
export function QualitySummary(props: { view: QualityView }) {
  const totals = props.view.totals.value;
  if (!totals) return null;
  if (totals.raw.clicks === 0) {
    return (
      <p class="quality-summary" data-quality-totals data-share="0">
        No clicks were recorded in this range, so there is nothing to judge yet.
      </p>
    );
  }
  return (
    <p class="quality-summary" data-quality-totals data-share={totals.raw.suspicious_share}>
      <strong>{totals.suspicious}</strong> of {totals.clicks} recorded clicks were suspicious (
      <strong>{totals.share}</strong>). Suspicious clicks come from hosting networks, headless
      browsers or bursts from one visitor; they are not counted as clicks, and conversions on them
      wait for review.
    </p>
  );
}

/** Recorded and suspicious clicks per group, with the share as a bar; a high share is flagged. */
export function SourcesTable(props: {
  view: QualityView;
  id: string;
  title: string;
  keyHeading: string;
  controls?: ComponentChildren;
}) {
  const sources = props.view.sources.value;
  return (
    <section class="panel" aria-labelledby={props.id} data-quality-sources>
      <h2 id={props.id}>{props.title}</h2>
      {props.controls}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={props.id}>
        <table aria-busy={sources === null}>
          <thead>
            <tr>
              <th scope="col">{props.keyHeading}</th>
              <th scope="col" class="num">
                Clicks
              </th>
              <th scope="col" class="num">
                Suspicious
              </th>
              <th scope="col" class="num">
                Share
              </th>
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
                <tr
                  key={r.key}
                  data-key={r.key}
                  data-flagged={r.flagged ? 'true' : undefined}
                  class={r.flagged ? 'row-flagged' : undefined}
                >
                  <th scope="row" class={r.key === '' ? 'muted' : undefined}>
                    {r.label}
                    {r.flagged && <span class="flag-badge">Check this source</span>}
                  </th>
                  <td class="num">{r.clicks}</td>
                  <td class="num">{r.suspicious}</td>
                  <td class="num share-cell">
                    <span class="share-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(r.ratio * 100)}%` }} />
                    </span>
                    {r.share}
                  </td>
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
    </section>
  );
}

/** Conversions per time from click to conversion, as a hand-drawn SVG bar chart. */
export function CtitChart(props: { view: QualityView; note?: string }) {
  const { ref, width } = useWidth(520);
  const buckets = props.view.ctit.value;
  const g = buckets && ctitGeometry(buckets, width, 220);
  const total = buckets?.reduce((n, b) => n + b.count, 0) ?? 0;
  const summary = buckets
    ?.map((b) => `${b.label}: ${b.conversions} (${b.pending} held or pending)`)
    .join('; ');
  return (
    <section class="panel" aria-labelledby="ctit-title" data-ctit>
      <h2 id="ctit-title">Time from click to conversion (CTIT)</h2>
      <figure class="chart">
        <figcaption class="chart-legend">
          <span class="legend-item">
            <span class="swatch swatch-clicks" aria-hidden="true" /> Conversions
          </span>
          <span class="legend-item">
            <span class="swatch swatch-held" aria-hidden="true" /> Held or pending
          </span>
          <span class="legend-item">
            <span class="swatch swatch-fast" aria-hidden="true" /> Under 10 s: too fast for a
            person, typical of click injection
          </span>
        </figcaption>
        <div ref={ref} class="chart-box ctit-box">
          {g ? (
            <svg
              width={g.width}
              height={g.height}
              viewBox={`0 0 ${g.width} ${g.height}`}
              role="img"
              aria-label={`Conversions by time from click: ${summary}.`}
              class="chart-svg ctit-svg"
            >
              <line
                class="baseline"
                x1={0}
                x2={g.width}
                y1={g.baseline + 0.5}
                y2={g.baseline + 0.5}
              />
              {g.bars.map((b) => (
                <g
                  key={b.bucket}
                  class={b.tooFast ? 'bucket too-fast' : 'bucket'}
                  data-bucket={b.bucket}
                  data-conversions={b.count}
                  data-pending={b.held}
                >
                  <title>{`${b.label}: ${b.conversions} conversions, ${b.pending} held or pending`}</title>
                  {b.tooFast && (
                    <rect
                      class="fast-band"
                      x={b.slotX + 2}
                      y={g.top - 20}
                      width={b.slotWidth - 4}
                      height={g.baseline - g.top + 20}
                      rx={4}
                    />
                  )}
                  <rect
                    class="bar"
                    x={b.x}
                    y={b.y}
                    width={b.width}
                    height={g.baseline - b.y}
                    rx={2}
                  />
                  {b.held > 0 && (
                    <rect
                      class="held"
                      x={b.x}
                      y={b.heldY}
                      width={b.width}
                      height={g.baseline - b.heldY}
                    />
                  )}
                  <text class="count" x={b.center} y={b.y - 6} text-anchor="middle">
                    {b.conversions}
                  </text>
                  <text x={b.center} y={g.baseline + 18} text-anchor="middle">
                    {b.text}
                  </text>
                </g>
              ))}
            </svg>
          ) : (
            <SkeletonBlock height={220} />
          )}
        </div>
      </figure>
      <p class="muted small">
        {total === 0 && buckets ? 'No conversions with a known click time in this range. ' : ''}
        {props.note ??
          'Conversions faster than the campaign allows are held for review, not rejected.'}
      </p>
    </section>
  );
}
