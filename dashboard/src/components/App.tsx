import { useDashboard } from './context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';

export function App() {
  const { session, signOut } = useDashboard();
  switch (session.status.value) {
    case 'signed-in':
      return <Shell />;
    case 'unreachable':
      return (
        <main class="signin" id="main">
          <div class="signin-card">
            <h1>Can't load your dashboard</h1>
            <ErrorNotice
              message={session.error.value ?? 'The API did not answer.'}
              onRetry={() => void session.restore()}
            />
            <button type="button" class="button button-quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        </main>
      );
    case 'checking':
      if (!session.me.value && session.apiKey.value) {
        return (
          <main class="signin" id="main" aria-busy="true">
            <p class="boot" role="status">
              Checking your API key…
            </p>
          </main>
        );
      }
      return <SignIn />;
    default:
      return <SignIn />;
  }
}
