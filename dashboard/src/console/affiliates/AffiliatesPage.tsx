import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { AffiliatesModel, type Affiliates } from './affiliates-model.ts';
import { consoleApi } from '../api.ts';
import {
  CredentialActions,
  NameForm,
  PartnerCells,
  PartnerHead,
  RevealedCredential,
} from '../partners/Credentials.tsx';
import { Field } from '../forms/Field.tsx';
import { ListView } from '../lists/ListView.tsx';

export function AffiliatesPage() {
  const { api, session } = useDashboard();
  const model = useModel(
    () => new AffiliatesModel(consoleApi(api), api.baseUrl, () => void session.reloadAffiliates()),
  );
  useEffect(() => void model.list.load(), []);
  return (
    <div class="page" aria-busy={model.list.busy.value} data-page="affiliates">
      <PageHeading description="Partners who send traffic. Each has an API key for its dashboard and a postback secret to report its own conversions.">
        Affiliates
      </PageHeading>
      <Revealed model={model} />
      <CreateForm model={model} />
      <ListView
        list={model.list}
        noun="affiliates"
        empty={{
          title: 'No affiliates yet',
          body: (
            <p>
              Create the first one above; its API key is shown once, to copy and send to the
              partner.
            </p>
          ),
        }}
        head={<PartnerHead detail="Outgoing postback" />}
        row={(row) => (
          <tr key={row.id} data-affiliate-id={row.id}>
            <PartnerCells
              partner={row}
              detail={
                <td class="cell-url">
                  {row.outgoing_postback_url ?? <span class="muted">–</span>}
                </td>
              }
            >
              <CredentialActions row={row} model={model} secret="secret" />
            </PartnerCells>
          </tr>
        )}
      />
    </div>
  );
}

function CreateForm({ model }: { model: Affiliates }) {
  return (
    <NameForm
      id="new-affiliate"
      title="New affiliate"
      form={model.form}
      submit="Create affiliate"
      onCreate={() => void model.create()}
    >
      <Field
        label="Outgoing postback URL"
        wide
        help="Optional. Called for every new or changed conversion; the affiliate can also set it."
        error={model.form.errors.value.outgoing_postback_url}
      >
        {(f) => (
          <input
            {...f}
            name="outgoing_postback_url"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://partner.example/postback?click={click_id}&payout={payout}"
            value={model.postbackUrl.value}
            onInput={(e) => (model.postbackUrl.value = e.currentTarget.value)}
          />
        )}
      </Field>
    </NameForm>
  );
}

function Revealed({ model }: { model: Affiliates }) {
  const shown = model.revealed.value;
  if (!shown) return null;
  const what = shown.kind === 'api-key' ? 'API key' : 'postback secret';
  return (
    <RevealedCredential
      kind={shown.kind}
      title={`${shown.affiliateName}'s ${what}`}
      what={what}
      value={shown.value}
      once
      note={shown.note}
      onDismiss={model.dismiss}
    >
      {shown.postbackUrl && (
        <>
          <p class="output-label">The affiliate's own reporting URL</p>
          <div class="copy-row">
            <output class="url" data-reporting-url>
              {shown.postbackUrl}
            </output>
            <CopyButton text={shown.postbackUrl} label="reporting URL" />
          </div>
          <p class="small">
            The affiliate reports its conversions through it, with the postback secret as its token:
            they are recorded pending until the advertiser or the network confirms them. An
            advertiser reports through its own postback URL (Advertisers page).
          </p>
        </>
      )}
    </RevealedCredential>
  );
}
