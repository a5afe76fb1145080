import type { AffiliateRow } from '../../api/routes.ts';
import { useDashboard } from '../../components/context.ts';
import { formatMoney } from '../../format/money.ts';
import type { PayoutRule } from '../api.ts';
import { isRefused } from '../editor/editable-list.ts';
import {
  AffiliateOptions,
  CountryField,
  EditorActions,
  EditorSection,
  EditorTable,
  RemoveCell,
  TryBox,
} from '../editor/EditorSection.tsx';
import { plainDecimal } from '../format.ts';
import {
  scopeWords,
  specificity,
  type PayoutRulesEditor,
  type RuleFields,
} from './payout-rules-model.ts';

interface Props {
  model: PayoutRulesEditor;
  canEdit: boolean;
  affiliates: AffiliateRow[];
  affiliateName: (id: string) => string;
}

/** "RevShare 30%" or "CPA €12.50". */
function ruleValue(
  rule: Pick<RuleFields, 'type' | 'value'>,
  currency: string,
  locale: string,
): string {
  if (rule.type === 'revshare') return `RevShare ${rule.value}%`;
  const n = Number(rule.value);
  return `CPA ${rule.value && Number.isFinite(n) ? formatMoney(n, currency, locale) : rule.value}`;
}

export function PayoutRulesSection({ model, canEdit, affiliates, affiliateName }: Props) {
  const { locale } = useDashboard();
  const { list } = model;
  const answer = list.answer.value;
  const rows = list.rows.value;
  const refused = list.refused.value;
  const currency = answer?.currency ?? 'USD';
  const winner = model.winningId.value;
  const fallback =
    answer?.default_payout == null
      ? 'nothing (no default payout is set)'
      : `the default payout, ${formatMoney(Number(answer.default_payout), currency, locale)}`;
  return (
    <EditorSection
      id="payout-rules-title"
      title="Payout rules"
      marker="data-payout-rules"
      list={list}
      onRetry={() => void model.load()}
      lead={
        <>
          What an affiliate earns for a conversion: CPA pays a fixed amount, RevShare a percentage
          of the amount the advertiser reports. The most specific matching rule wins; with none, the
          campaign pays {fallback}.
        </>
      }
    >
      {(answer) => (
        <>
          <EditorTable
            caption="Payout rules, most specific first"
            columns={6}
            canEdit={canEdit}
            empty={rows.length === 0 && <>No payout rules: every conversion pays {fallback}.</>}
            head={
              <>
                <th scope="col">Precedence</th>
                <th scope="col">Pays</th>
                <th scope="col" class={canEdit ? undefined : 'num'}>
                  {canEdit ? 'Value' : 'Amount'}
                </th>
                <th scope="col">Affiliate</th>
                <th scope="col">Country</th>
                <th scope="col">Event</th>
              </>
            }
          >
            {rows.map((row, i) => {
              const n = i + 1;
              const won = row.id !== null && row.id === winner;
              return (
                <tr
                  key={row.key}
                  data-rule-row={i}
                  data-winning={won ? 'true' : undefined}
                  class={isRefused(refused, i) ? 'row-refused' : won ? 'row-winning' : undefined}
                >
                  <td class="nowrap">
                    <span class="rank" title="Specificity: affiliate 4 + event 2 + country 1">
                      {specificity(row)}
                    </span>{' '}
                    {scopeWords(row)}
                  </td>
                  {canEdit ? (
                    <>
                      <td>
                        <select
                          aria-label={`Rule ${n} pays`}
                          value={row.type}
                          onChange={(e) =>
                            model.set(row.key, 'type', e.currentTarget.value as RuleFields['type'])
                          }
                        >
                          <option value="cpa">CPA (fixed)</option>
                          <option value="revshare">RevShare (%)</option>
                        </select>
                      </td>
                      <td>
                        <span class="with-unit">
                          <input
                            class="input-short"
                            aria-label={`Rule ${n} ${row.type === 'revshare' ? 'percentage' : `amount in ${currency}`}`}
                            aria-invalid={isRefused(refused, i, 'value') || undefined}
                            inputMode="decimal"
                            autoComplete="off"
                            placeholder={row.type === 'revshare' ? '30' : '12.50'}
                            value={row.value}
                            onInput={(e) => model.set(row.key, 'value', e.currentTarget.value)}
                          />
                          <span class="unit">{row.type === 'revshare' ? '%' : currency}</span>
                        </span>
                      </td>
                      <td>
                        <select
                          aria-label={`Rule ${n} affiliate`}
                          aria-invalid={isRefused(refused, i, 'affiliate_id') || undefined}
                          value={row.affiliate}
                          onChange={(e) => model.set(row.key, 'affiliate', e.currentTarget.value)}
                        >
                          <option value="">Any affiliate</option>
                          <AffiliateOptions
                            affiliates={affiliates}
                            current={row.affiliate}
                            nameOf={affiliateName}
                          />
                        </select>
                      </td>
                      <td>
                        <input
                          class="input-code"
                          aria-label={`Rule ${n} country`}
                          aria-invalid={isRefused(refused, i, 'country') || undefined}
                          maxLength={2}
                          autoComplete="off"
                          placeholder="any"
                          value={row.country}
                          onInput={(e) =>
                            model.set(row.key, 'country', e.currentTarget.value.toUpperCase())
                          }
                        />
                      </td>
                      <td>
                        <input
                          class="input-short"
                          aria-label={`Rule ${n} event`}
                          aria-invalid={isRefused(refused, i, 'event') || undefined}
                          autoComplete="off"
                          placeholder="any"
                          value={row.event}
                          onInput={(e) => model.set(row.key, 'event', e.currentTarget.value)}
                        />
                      </td>
                      <RemoveCell
                        label={`Remove rule ${n}`}
                        onRemove={() => list.remove(row.key)}
                      />
                    </>
                  ) : (
                    <>
                      <td data-label="Pays">{row.type === 'revshare' ? 'RevShare' : 'CPA'}</td>
                      <td class="num" data-label="Amount">
                        {ruleValue(row, currency, locale).replace(/^\S+ /, '')}
                      </td>
                      <td data-label="Affiliate">
                        {row.affiliate ? (
                          affiliateName(row.affiliate)
                        ) : (
                          <span class="muted">any</span>
                        )}
                      </td>
                      <td data-label="Country">{row.country || <span class="muted">any</span>}</td>
                      <td data-label="Event">{row.event || <span class="muted">any</span>}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </EditorTable>
          {canEdit && (
            <EditorActions
              list={list}
              addLabel="Add rule"
              saveLabel="Save payout rules"
              onAdd={model.add}
              onSave={() => void model.save()}
            />
          )}
          <details class="precedence">
            <summary>How the winning rule is chosen</summary>
            <p>{answer.precedence}</p>
          </details>
          <WinnerBox model={model} affiliates={affiliates} currency={currency} />
        </>
      )}
    </EditorSection>
  );
}

function WinnerBox({
  model,
  affiliates,
  currency,
}: {
  model: PayoutRulesEditor;
  affiliates: AffiliateRow[];
  currency: string;
}) {
  const { locale } = useDashboard();
  const e = model.example.value;
  const won = model.preview.answer.value;
  return (
    <TryBox
      id="winner-title"
      title="Which rule wins?"
      editor={model}
      data={{
        'data-payout-example': '',
        'data-payout-preview': won ? (won.rule ? String(won.rule.id) : 'default') : undefined,
      }}
      fields={
        <>
          <label class="field">
            Affiliate
            <select
              name="affiliate"
              value={e.affiliate}
              onChange={(ev) => model.setExample('affiliate', ev.currentTarget.value)}
            >
              <option value="">Any affiliate</option>
              <AffiliateOptions affiliates={affiliates} />
            </select>
          </label>
          <CountryField
            value={e.country}
            onChange={(country) => model.setExample('country', country)}
          />
          <label class="field">
            Event
            <input
              name="event"
              autoComplete="off"
              placeholder="conversion"
              value={e.event}
              onInput={(ev) => model.setExample('event', ev.currentTarget.value)}
            />
          </label>
          <label class="field">
            Amount ({currency})
            <input
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              value={e.amount}
              onInput={(ev) => model.setExample('amount', ev.currentTarget.value)}
            />
          </label>
        </>
      }
    >
      {(p) => (
        <PreviewAnswer
          rule={p.rule}
          payout={p.payout}
          currency={p.currency || currency}
          locale={locale}
        />
      )}
    </TryBox>
  );
}

function PreviewAnswer(props: {
  rule: PayoutRule | null;
  payout: string | null;
  currency: string;
  locale: string;
}) {
  const pays =
    props.payout === null
      ? 'nothing'
      : formatMoney(Number(props.payout), props.currency, props.locale);
  if (!props.rule) {
    return (
      <>
        No rule matches, so the default payout applies: this conversion pays{' '}
        <strong data-payout>{pays}</strong>.
      </>
    );
  }
  const r = props.rule;
  const scope = [
    r.affiliate_id !== null && `affiliate #${r.affiliate_id}`,
    r.event && `event ${r.event}`,
    r.country && `country ${r.country}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <strong>
        {ruleValue({ type: r.type, value: plainDecimal(r.value) }, props.currency, props.locale)}
      </strong>{' '}
      ({scope || 'the default rule'}, precedence {r.specificity}) wins: this conversion pays{' '}
      <strong data-payout>{pays}</strong>.
    </>
  );
}
