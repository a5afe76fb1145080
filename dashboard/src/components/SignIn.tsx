import { useDashboard } from './context.ts';

export function SignIn() {
  const { session, api } = useDashboard();
  const checking = session.status.value === 'checking';
  const error = session.error.value;
  return (
    <main class="signin" id="main">
      <form
        class="signin-card"
        onSubmit={(e) => {
          e.preventDefault();
          void session.signIn(String(new FormData(e.currentTarget).get('key') ?? ''));
        }}
      >
        <p class="brand">
          <span class="brand-mark" aria-hidden="true" />
          Affiliate dashboard
        </p>
        <h1>Sign in</h1>
        <p>
          See what you earned, from which campaign and sub id, and check that your tracking works.
        </p>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'api-key-help api-key-error' : 'api-key-help'}
        />
        <p id="api-key-help" class="help">
          Your affiliate manager sent it to you; it starts with <code>ak_</code>. Admins use the
          admin token. The key stays in this browser until you sign out.
        </p>
        {error && (
          <p id="api-key-error" class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button-wide" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <p class="muted small">
          API: <code class="api-url">{api.baseUrl}</code>
        </p>
      </form>
    </main>
  );
}
