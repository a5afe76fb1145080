import { useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { chartGeometry, type ChartDay } from '../models/chart.ts';

// The SVG is drawn at its real pixel width, so text is never stretched and labels thin out on phones.
export function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useSignal(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    width.value = el.clientWidth || fallback;
    const observer = new ResizeObserver(() => (width.value = el.clientWidth || fallback));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width: width.value };
}

/** Clicks per day as bars (left axis) and conversions as a line (right axis), drawn as plain SVG. */
export function DayChart(props: { days: ChartDay[]; rangeLabel: string }) {
  const { ref, width } = useWidth(720);
  const g = chartGeometry(props.days, width, width < 480 ? 200 : 240);
  const clicks = props.days.reduce((n, d) => n + d.clicks, 0);
  const conversions = props.days.reduce((n, d) => n + d.conversions, 0);
  const best = props.days.reduce<ChartDay | null>(
    (top, d) => (!top || d.clicks > top.clicks ? d : top),
    null,
  );
  const summary = `Clicks and conversions per day, ${props.rangeLabel}: ${clicks} clicks and ${conversions} conversions in total${best && best.clicks > 0 ? `; most clicks on ${best.label} (${best.clicks})` : ''}.`;
  return (
    <figure class="chart">
      <figcaption class="chart-legend">
        <span class="legend-item">
          <span class="swatch swatch-clicks" aria-hidden="true" /> Clicks (left axis)
        </span>
        <span class="legend-item">
          <span class="swatch swatch-conversions" aria-hidden="true" /> Conversions (right axis)
        </span>
      </figcaption>
      <div ref={ref} class="chart-box">
        <svg
          width={g.width}
          height={g.height}
          viewBox={`0 0 ${g.width} ${g.height}`}
          role="img"
          aria-label={summary}
          class="chart-svg"
        >
          {g.clickTicks.map((t) => (
            <g key={`c${t.value}`} class="tick">
              <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} />
              <text x={g.plot.left - 6} y={t.y + 4} text-anchor="end">
                {t.value}
              </text>
            </g>
          ))}
          {g.conversionTicks.map((t) => (
            <text key={`v${t.value}`} class="tick tick-right" x={g.plot.right + 6} y={t.y + 4}>
              {t.value}
            </text>
          ))}
          {g.bars.map((b) => (
            <g
              key={b.day}
              class="day"
              data-day={b.day}
              data-clicks={b.clicks}
              data-conversions={b.conversions}
            >
              <title>{`${b.label}: ${b.clicks} clicks, ${b.conversions} conversions`}</title>
              <rect
                class="bar"
                x={b.x}
                y={b.barY}
                width={b.width}
                height={Math.max(b.barHeight, b.clicks > 0 ? 1 : 0)}
              />
              {b.showLabel && (
                <text class="day-label" x={b.pointX} y={g.plot.bottom + 18} text-anchor="middle">
                  {b.label}
                </text>
              )}
            </g>
          ))}
          <path class="line" d={g.line} />
          {g.bars.map((b) => (
            <circle
              key={b.day}
              class="point"
              cx={b.pointX}
              cy={b.pointY}
              r={props.days.length > 60 ? 1.5 : 3}
            />
          ))}
        </svg>
      </div>
    </figure>
  );
}
