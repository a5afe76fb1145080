import { presets } from '../models/range.ts';
import { formatDayRange } from '../format/dates.ts';
import { useDashboard } from './context.ts';

/** Presets (today, 7 days, 30 days) and a custom from/to; the range is kept in the URL. `compare` names the previous range too. */
export function RangePicker(props: { compare?: boolean }) {
  const { range, locale } = useDashboard();
  const requested = range.requested.value;
  const { from, to } = range.range.value;
  const previous = range.previous.value;
  const problem = range.customError.value ?? range.error.value;
  return (
    <section class="range" aria-label="Date range">
      <div class="segmented" role="group" aria-label="Date range preset">
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={requested === p.id}
            onClick={() => range.choose(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {requested === 'custom' && (
        <form
          class="range-custom"
          key={range.key.value}
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            range.setCustom(String(data.get('from') ?? ''), String(data.get('to') ?? ''));
          }}
        >
          <label>
            From
            <input type="date" name="from" defaultValue={from} required />
          </label>
          <label>
            To
            <input type="date" name="to" defaultValue={to} required />
          </label>
          <button type="submit" class="button">
            Apply
          </button>
        </form>
      )}
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      <p class="range-label">
        <strong data-range={`${from}..${to}`}>{range.label.value}</strong>
        <span class="muted">
          {' '}
          (UTC)
          {props.compare &&
            ` · compared with ${formatDayRange(previous.from, previous.to, locale)}`}
        </span>
      </p>
    </section>
  );
}
