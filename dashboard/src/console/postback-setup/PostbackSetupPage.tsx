import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { consoleApi, type Advertiser } from '../api.ts';
import { PostbackSetupModel, type PostbackSetup } from './postback-setup-model.ts';
import { PresetTable } from '../presets/PresetTable.tsx';
import { statusMapGroups } from '../presets/presets.ts';
import '../money.css';

const macros: [string, string][] = [
  ['{click_id}', 'The click id your offer URL received, passed on unchanged'],
  [
    '{txid}',
    'Your order or transaction id: a repeat with the same id is the same conversion, never a second one',
  ],
  ['{amount}', 'Your revenue for the sale, e.g. 49.90 (decimal point)'],
];

const optional: [string, string][] = [
  [
    'status',
    'approved (the default), pending or rejected; send it again with the same txid to change the status later',
  ],
  ['event', 'A goal name, e.g. signup or purchase; default conversion'],
  ['currency', "ISO code of amount, e.g. EUR; default the campaign's"],
];

// Splits the URL around its {macros} so they stand out.
const highlighted = (url: string) =>
  url
    .split(/(\{[a-z_]+\})/g)
    .map((part, i) => (/^\{[a-z_]+\}$/.test(part) ? <mark key={i}>{part}</mark> : part));

export function PostbackSetupPage() {
  const { api, session } = useDashboard();
  const model = useModel(
    () =>
      new PostbackSetupModel(
        consoleApi(api),
        api.baseUrl,
        session.me.peek()?.advertiser?.id ?? null,
      ),
  );
  useEffect(() => void model.load(), []);
  const advertiser = model.advertiser.value;
  return (
    <div
      class="page"
      aria-busy={model.loading.value || (!advertiser && !model.error.value)}
      data-page="postback-setup"
    >
      <PageHeading description="How your server tells the network about a sale: one URL for all your campaigns and affiliates. The network computes what affiliates earn from the campaign's payout rules.">
        Postback URL &amp; presets
      </PageHeading>
      {model.error.value && (
        <ErrorNotice message={model.error.value} onRetry={() => void model.load()} />
      )}
      {!advertiser ? (
        model.loading.value && (
          <p class="muted" role="status">
            Loading your postback URL…
          </p>
        )
      ) : (
        <>
          <UrlPanel advertiser={advertiser} />
          <SecretPanel model={model} advertiser={advertiser} />
          <PresetsPanel advertiser={advertiser} />
        </>
      )}
    </div>
  );
}

function Terms(props: { terms: [string, string][] }) {
  return (
    <dl class="macros">
      {props.terms.map(([name, meaning]) => (
        <div key={name}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

function UrlPanel({ advertiser }: { advertiser: Advertiser }) {
  return (
    <section class="panel" aria-labelledby="url-title">
      <h2 id="url-title">Your postback URL</h2>
      <p>
        Call it from your server when a sale or sign-up happens, filling in the values in braces.
      </p>
      <div class="copy-row">
        <code class="url" data-postback-url={advertiser.postback_url}>
          {highlighted(advertiser.postback_url)}
        </code>
        <CopyButton text={advertiser.postback_url} label="postback URL" />
      </div>
      <p class="notice notice-warn">
        The <code>token</code> proves a postback is yours: whoever has it can record and approve
        conversions on your campaigns. Keep it on your server.
      </p>
      {advertiser.previous_secret_valid_until && (
        <p class="notice notice-info" data-grace>
          Your token was renewed. The previous token and signing secret are accepted until{' '}
          {new Date(advertiser.previous_secret_valid_until).toUTCString()}; switch to this URL
          before then.
        </p>
      )}
      <h3>Fill in</h3>
      <Terms terms={macros} />
      <h3>Optional parameters</h3>
      <Terms terms={optional} />
      <p class="small muted terms-note">
        A <code>payout</code> parameter is refused: what affiliates earn is computed from the
        campaign's payout rules.
      </p>
    </section>
  );
}

function SecretPanel({ model, advertiser }: { model: PostbackSetup; advertiser: Advertiser }) {
  const shown = model.secretShown.value;
  return (
    <section class="panel" aria-labelledby="secret-title">
      <h2 id="secret-title">Signing secret</h2>
      <p>
        Instead of the token in the URL, your server can sign each postback: send{' '}
        <code>
          X-Postback-Signature: t=&lt;unix seconds&gt;,v2=&lt;hex HMAC-SHA256(secret,
          "v2\n&lt;t&gt;\n&lt;METHOD&gt;\n&lt;path&gt;\n&lt;payload&gt;")&gt;
        </code>
        , where the path is <code>/postback</code> or <code>/postback/&lt;preset&gt;</code> and the
        payload is the raw body of a POST (which then carries no URL parameters) or the raw query
        string of a GET. Signatures older than 5 minutes are refused. The older v1 signature is
        accepted on <code>/postback</code> only, until 1 April 2027.
      </p>
      <div class="copy-row">
        {shown ? (
          <output class="url" data-signing-secret>
            {advertiser.signing_secret}
          </output>
        ) : (
          <span class="url muted" aria-hidden="true">
            ••••••••••••••••••••••••
          </span>
        )}
        <button
          type="button"
          class="button button-secondary"
          aria-pressed={shown}
          onClick={model.toggleSecret}
        >
          {shown ? 'Hide signing secret' : 'Show signing secret'}
        </button>
        {shown && <CopyButton text={advertiser.signing_secret} label="signing secret" />}
      </div>
    </section>
  );
}

function PresetsPanel({ advertiser }: { advertiser: Advertiser }) {
  const groups = statusMapGroups(advertiser.status_map);
  const mapped = Object.keys(advertiser.status_map).length > 0;
  return (
    <section class="panel" aria-labelledby="presets-title">
      <h2 id="presets-title">Vendor presets</h2>
      <p>
        Already firing a Voluum, Keitaro, Everflow, Affise, RedTrack or Binom postback? Point that
        integration at the URL for its vendor unchanged, replacing each <code>{'{…}'}</code> with
        your tracker's macro for that value. The vendor's revenue becomes your amount; the vendor's
        status values are read as listed.
      </p>
      <PresetTable postbackUrl={advertiser.postback_url} token={advertiser.postback_token} />
      <h3>Your own status values</h3>
      {mapped ? (
        <>
          <p>These values are matched exactly, before each vendor's words:</p>
          <ul class="maps" data-status-map>
            {(['approved', 'pending', 'rejected'] as const).map((s) =>
              groups[s].length ? (
                <li key={s}>
                  <code>{groups[s].join(', ')}</code> → {s}
                </li>
              ) : null,
            )}
          </ul>
        </>
      ) : (
        <p class="muted" data-status-map>
          None mapped: the vendors' standard words apply.
        </p>
      )}
      <p class="small muted">
        A status nobody mapped is refused with its name, never guessed. To map your own values, ask
        the network.
      </p>
    </section>
  );
}
