import type { AffiliateRow } from '../../api/routes.ts';
import { useDashboard } from '../../components/context.ts';
import { formatMoney } from '../../format/money.ts';
import type { PayoutRule, RuleType } from '../api.ts';
import { AffiliateCell, ChoiceCell, TextCell } from '../editor/EditorCells.tsx';
import {
  AffiliateOptions,
  CountryField,
  EditorRow,
  EditorSection,
  EditorTable,
  TryBox,
  type RuleSectionProps,
} from '../editor/EditorSection.tsx';
import { plainDecimal } from '../format.ts';
import {
  scopeWords,
  specificity,
  type PayoutRulesEditor,
  type RuleDraft,
  type RuleFields,
} from './payout-rules-model.ts';

const typeLabels: Record<RuleType, string> = { cpa: 'CPA (fixed)', revshare: 'RevShare (%)' };

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

export function PayoutRulesSection(props: RuleSectionProps<PayoutRulesEditor>) {
  const { model, canEdit, affiliates, affiliateName } = props;
  const { locale } = useDashboard();
  const { list } = model;
  const answer = list.answer.value;
  const rows = list.rows.value;
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
      editor={model}
      actions={canEdit && { add: 'Add rule', save: 'Save payout rules' }}
      lead={
        <>
          What an affiliate earns for a conversion: CPA pays a fixed amount, RevShare a percentage
          of the amount the advertiser reports. The most specific matching rule wins; with none, the
          campaign pays {fallback}.
        </>
      }
      after={(answer) => (
        <>
          <details class="precedence">
            <summary>How the winning rule is chosen</summary>
            <p>{answer.precedence}</p>
          </details>
          <WinnerBox model={model} affiliates={affiliates} currency={currency} />
        </>
      )}
    >
      {() => (
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
            const won = row.id !== null && row.id === winner;
            return (
              <EditorRow
                key={row.key}
                noun="rule"
                editor={model}
                row={row}
                index={i}
                canEdit={canEdit}
                data={{ 'data-rule-row': i, 'data-winning': won ? 'true' : undefined }}
                class={won ? 'row-winning' : undefined}
                before={
                  <td class="nowrap">
                    <span class="rank" title="Specificity: affiliate 4 + event 2 + country 1">
                      {specificity(row)}
                    </span>{' '}
                    {scopeWords(row)}
                  </td>
                }
                fields={() => <RuleFieldCells {...props} row={row} index={i} currency={currency} />}
                shown={() => (
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
              />
            );
          })}
        </EditorTable>
      )}
    </EditorSection>
  );
}

function RuleFieldCells(
  props: RuleSectionProps<PayoutRulesEditor> & { row: RuleDraft; index: number; currency: string },
) {
  const { model, row, index } = props;
  const n = index + 1;
  // Every cell edits this row of this editor.
  const on = { editor: model, row, index };
  const revshare = row.type === 'revshare';
  return (
    <>
      <ChoiceCell column="Pays" label={`Rule ${n} pays`} {...on} field="type" labels={typeLabels} />
      <TextCell
        column="Value"
        label={`Rule ${n} ${revshare ? 'percentage' : `amount in ${props.currency}`}`}
        {...on}
        field="value"
        inputMode="decimal"
        placeholder={revshare ? '30' : '12.50'}
        unit={revshare ? '%' : props.currency}
      />
      <AffiliateCell
        label={`Rule ${n} affiliate`}
        anyone="Any affiliate"
        {...on}
        affiliates={props.affiliates}
        nameOf={props.affiliateName}
      />
      <TextCell
        column="Country"
        label={`Rule ${n} country`}
        {...on}
        field="country"
        code
        maxLength={2}
        placeholder="any"
      />
      <TextCell column="Event" label={`Rule ${n} event`} {...on} field="event" placeholder="any" />
    </>
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
