import { useDashboard } from './context.ts';

/** Shows whether the page follows new clicks and conversions by itself; offers a retry when it does not. */
export function LiveIndicator() {
  const { live, locale } = useDashboard();
  const status = live.status.value;
  const last = live.lastEventAt.value;
  const detail = last
    ? `Last update ${new Date(last).toLocaleTimeString(locale)}`
    : 'Updates appear here without reloading';
  return (
    <p
      class={`live live-${status}`}
      data-live={status}
      role="status"
      title={status === 'live' ? detail : undefined}
    >
      <span class="live-dot" aria-hidden="true" />
      <span>{live.label.value}</span>
      {status === 'offline' && (
        <button type="button" class="link-button" onClick={live.reconnect}>
          Retry now
        </button>
      )}
    </p>
  );
}
