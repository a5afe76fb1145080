import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useDashboard } from '../../components/context.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { formatDay } from '../format.ts';
import { Field } from '../forms/Field.tsx';
import { FormOutcome } from '../lists/ListView.tsx';
import type { NameForm as NameFormModel } from '../lists/row-list.ts';

// What the advertisers and affiliates pages share: the create form, a row's status and credential buttons, a credential shown once.

/** A new partner: its name, the page's other fields, and why the API refused it. */
export function NameForm(props: {
  id: string;
  title: string;
  form: NameFormModel;
  submit: string;
  onCreate: () => void;
  children?: ComponentChildren;
}) {
  const { form } = props;
  return (
    <section class="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <form
        class="console-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onCreate();
        }}
      >
        <Field label="Name" error={form.errors.value.name}>
          {(f) => (
            <input
              {...f}
              name="name"
              required
              maxLength={100}
              autoComplete="off"
              value={form.name.value}
              onInput={(e) => (form.name.value = e.currentTarget.value)}
            />
          )}
        </Field>
        {props.children}
        <button type="submit" class="button" disabled={form.creating.value}>
          {form.creating.value ? 'Creating…' : props.submit}
        </button>
      </form>
      <FormOutcome error={form.error.value} />
    </section>
  );
}

/** The heads of a partners list (advertisers, affiliates): `detail` names the column of its own. */
export function PartnerHead(props: { detail: string }) {
  return (
    <>
      <th scope="col">ID</th>
      <th scope="col">Name</th>
      <th scope="col">Status</th>
      <th scope="col">{props.detail}</th>
      <th scope="col">Created</th>
      <th scope="col">
        <span class="sr-only">Actions</span>
      </th>
    </>
  );
}

/** A partner's cells under PartnerHead: the `detail` cell is its own, the actions cell holds `children`. */
export function PartnerCells(props: {
  partner: { id: number; name: string; status: string; created_at: string };
  detail: ComponentChildren;
  children: ComponentChildren;
}) {
  const { locale } = useDashboard();
  const p = props.partner;
  return (
    <>
      <td class="num">{p.id}</td>
      <td>{p.name}</td>
      <td>
        <ActiveBadge active={p.status === 'active'} />
      </td>
      {props.detail}
      <td class="nowrap">{formatDay(p.created_at, locale)}</td>
      <td>{props.children}</td>
    </>
  );
}

function ActiveBadge(props: { active: boolean }) {
  return (
    <span class={`badge ${props.active ? 'badge-approved' : 'badge-rejected'}`}>
      {props.active ? 'Active' : 'Paused'}
    </span>
  );
}

/** What a partner's row buttons act on: the list (which row is changing) and the changes. */
interface PartnerChanges<T> {
  list: { changing: ReadonlySignal<number | null> };
  toggle: (row: T) => Promise<void>;
  rotateKey: (row: T) => Promise<void>;
  rotateSecret: (row: T) => Promise<void>;
}

/** Pause or resume a partner, or give it a new API key or postback secret; the page's own buttons come first. */
export function CredentialActions<T extends { id: number; name: string; status: string }>(props: {
  row: T;
  model: PartnerChanges<T>;
  /** What its postback credential is called: an affiliate's secret, an advertiser's token. */
  secret: 'secret' | 'token';
  children?: ComponentChildren;
}) {
  const { row, model } = props;
  const busy = model.list.changing.value === row.id;
  const toggle = row.status === 'active' ? 'Pause' : 'Resume';
  return (
    <div class="row-actions">
      {props.children}
      <button
        type="button"
        class="button button-quiet"
        disabled={busy}
        onClick={() => void model.toggle(row)}
        aria-label={`${toggle} ${row.name}`}
      >
        {toggle}
      </button>
      <button
        type="button"
        class="button button-quiet"
        disabled={busy}
        onClick={() => void model.rotateKey(row)}
        aria-label={`New API key for ${row.name}`}
      >
        New key
      </button>
      <button
        type="button"
        class="button button-quiet"
        disabled={busy}
        onClick={() => void model.rotateSecret(row)}
        aria-label={`New postback ${props.secret} for ${row.name}`}
      >
        New {props.secret}
      </button>
    </div>
  );
}

/** A new credential, kept on screen until dismissed; one the API never returns again says so. */
export function RevealedCredential(props: {
  kind: string;
  title: string;
  what: string;
  value: string;
  once: boolean;
  note?: string;
  onDismiss: () => void;
  children?: ComponentChildren;
}) {
  return (
    <section
      class="notice notice-ok reveal"
      role="status"
      aria-labelledby="revealed-title"
      data-revealed={props.kind}
    >
      <h2 id="revealed-title">{props.title}</h2>
      <p>
        {props.once ? 'Copy it now: it is shown only this once. ' : ''}
        {props.note}
      </p>
      <div class="copy-row">
        <output class="url" data-secret>
          {props.value}
        </output>
        <CopyButton text={props.value} label={props.what} />
      </div>
      {props.children}
      <button type="button" class="button button-quiet" onClick={props.onDismiss}>
        {props.once ? 'I have copied it' : 'Done'}
      </button>
    </section>
  );
}
