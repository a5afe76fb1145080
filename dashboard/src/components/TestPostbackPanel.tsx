import { useDashboard } from './context.ts';

/** Sends a real postback with the affiliate's token and shows exactly what the API answered. */
export function TestPostbackPanel() {
  const { testPostback: test } = useDashboard();
  const result = test.result.value;
  return (
    <section class="panel" aria-labelledby="test-title">
      <h2 id="test-title">Send a test postback</h2>
      <p>
        Checks the whole chain: a conversion is recorded through <code>POST /postback</code> with
        your token. Leave the click id empty to use your newest click (or a fresh test click if you
        have none). Test conversions are marked <code>event=test</code> and stay <em>pending</em>: a
        postback with your own secret reports a conversion, and only the advertiser or the network
        approves one.
      </p>
      <form
        class="test-form"
        onSubmit={(e) => {
          e.preventDefault();
          void test.send();
        }}
      >
        <label class="field field-wide">
          Click id (optional)
          <input
            value={test.clickId.value}
            onInput={(e) => (test.clickId.value = e.currentTarget.value)}
            autoComplete="off"
            spellcheck={false}
          />
        </label>
        <label class="field">
          Amount
          <input
            value={test.amount.value}
            onInput={(e) => (test.amount.value = e.currentTarget.value)}
            inputMode="decimal"
            required
          />
        </label>
        <label class="field">
          Currency
          <input
            value={test.currency.value}
            onInput={(e) => (test.currency.value = e.currentTarget.value)}
            maxLength={3}
            placeholder="campaign's"
          />
        </label>
        <button type="submit" class="button" disabled={test.sending.value}>
          {test.sending.value ? 'Sending…' : 'Send test postback'}
        </button>
      </form>
      <div
        role="status"
        aria-live="polite"
        class="test-result"
        data-test-result={result ? (result.ok ? 'ok' : 'error') : undefined}
      >
        {result && (
          <>
            <p class={result.ok ? 'notice notice-ok' : 'notice notice-error'}>
              {result.ok
                ? 'The API recorded the test conversion'
                : 'The API refused the test postback'}
              {result.clickId && (
                <>
                  {' '}
                  on {result.clickSource} (<code class="id">{result.clickId}</code>)
                </>
              )}
              .
            </p>
            <pre class="response" role="region" tabIndex={0} aria-label="API response">
              {JSON.stringify(result.body, null, 2)}
            </pre>
          </>
        )}
      </div>
    </section>
  );
}
