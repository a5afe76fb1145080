export function ErrorNotice(props: { message: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{props.message}</p>
      {props.onRetry && (
        <button type="button" class="button" onClick={props.onRetry}>
          {props.retryLabel ?? 'Try again'}
        </button>
      )}
    </div>
  );
}
