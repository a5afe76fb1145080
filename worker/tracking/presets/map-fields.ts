import { ApiError } from '../../errors.ts';
import { moneyField } from '../../schemas/fields.ts';
import { statusWordOf, type PresetStatusWord } from './status.ts';
import {
  PRESETS,
  type MappedField,
  type PresetName,
  type PresetSpec,
  type PresetStatus,
} from './vendors.ts';

export type PresetParams = Readonly<Record<string, string | readonly string[]>>;

const MAPPED_FIELDS: readonly MappedField[] = [
  'click_id',
  'amount',
  'currency',
  'txid',
  'event',
  'status',
];

// Ours in every preset, never renamed: the credential and the affiliate hint.
const PASSED_THROUGH = ['token', 'affiliate_id'] as const;

/** A vendor postback in our terms: the status stays a word until the sender is known (status.ts). */
export interface PresetFields {
  fields: Record<string, unknown>;
  statusWord: PresetStatusWord | undefined;
}

/**
 * Turns a vendor's postback parameters into our /postback fields. Each field is read from the
 * vendor's names or ours; a parameter given twice, two names that disagree, or a parameter that
 * would set the affiliate's payout is refused with a message naming it. Parameters no preset reads
 * (Voluum's param1, Affise's custom_field1, ...) are left alone.
 */
export function mapPresetFields(preset: PresetName, params: PresetParams): PresetFields {
  const spec: PresetSpec = PRESETS[preset];
  refusePayout(spec, params);
  const fields: Record<string, unknown> = {};
  let statusWord: PresetStatusWord | undefined;
  for (const name of PASSED_THROUGH) {
    const value = single(spec, params, name);
    if (value !== undefined && value !== '') fields[name] = value;
  }
  for (const field of MAPPED_FIELDS) {
    const found = pick(spec, params, field);
    if (!found) continue;
    if (field === 'status') {
      statusWord = statusWordOf(preset, found.param, found.value, statusLists(spec, params));
    } else if (found.value !== '') {
      fields[field] = field === 'amount' ? money(spec, found.param, found.value) : found.value;
    }
  }
  if (fields.click_id === undefined) {
    const param = paramNames(spec, 'click_id')[0]!;
    throw badInput(
      param,
      `${param} is required: it carries the click id (${spec.vendor}'s ${param})`,
    );
  }
  return { fields, statusWord };
}

/** The parameter names a preset reads a field from, the vendor's first. */
export function presetParamNames(preset: PresetName, field: MappedField): readonly string[] {
  return paramNames(PRESETS[preset], field);
}

function paramNames(spec: PresetSpec, field: MappedField): string[] {
  return [...new Set([...(spec.params[field] ?? []), field])];
}

// The first name that carries a value; every other name given must carry the same one.
function pick(
  spec: PresetSpec,
  params: PresetParams,
  field: MappedField,
): { param: string; value: string } | undefined {
  let found: { param: string; value: string } | undefined;
  for (const param of paramNames(spec, field)) {
    const value = single(spec, params, param);
    // An empty status is refused by name; an empty anything else is a macro the sender had no value for.
    if (value === undefined || (value === '' && field !== 'status')) continue;
    if (found && found.value !== value) {
      throw badInput(
        param,
        `${found.param} and ${param} both give the ${field} and disagree (${found.value} vs ${value}): send one of them`,
      );
    }
    found ??= { param, value };
  }
  return found;
}

function single(spec: PresetSpec, params: PresetParams, name: string): string | undefined {
  if (!Object.hasOwn(params, name)) return undefined;
  const value: unknown = params[name];
  // A JSON body can carry anything: only one text value per parameter is a value.
  if (Array.isArray(value))
    throw badInput(name, `${name} is given ${value.length} times: send it once`);
  if (typeof value !== 'string') throw badInput(name, `${name} must be a single text value`);
  return spec.placeholders?.includes(value) ? undefined : value;
}

function refusePayout(spec: PresetSpec, params: PresetParams): void {
  const refused: Record<string, string> = { ...spec.payoutParams };
  // Where the vendor's revenue is not called payout, a payout parameter can only mean the affiliate's.
  if (!paramNames(spec, 'amount').includes('payout')) {
    refused.payout = `the affiliate payout is computed from the campaign payout rules; send the advertiser's revenue as ${paramNames(spec, 'amount')[0]}`;
  }
  for (const [param, why] of Object.entries(refused)) {
    // An empty value is a macro the sender had nothing for: nothing to refuse.
    if (Object.hasOwn(params, param) && params[param] !== '') {
      const message = `${param} is refused: ${why}`;
      throw new ApiError('forbidden', message, {
        issues: [{ path: param, message }],
        reason: 'parameter_refused',
      });
    }
  }
}

function statusLists(spec: PresetSpec, params: PresetParams): [PresetStatus, string[]][] {
  const lists: [PresetStatus, string[]][] = [];
  for (const [param, status] of Object.entries(spec.statusListParams ?? {})) {
    const value = single(spec, params, param);
    if (value)
      lists.push([
        status,
        value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      ]);
  }
  return lists;
}

function money(spec: PresetSpec, param: string, raw: string): string {
  const value = spec.decimalComma && /^\d+,\d+$/.test(raw) ? raw.replace(',', '.') : raw;
  const parsed = moneyField(param).safeParse(value);
  if (!parsed.success)
    throw badInput(param, parsed.error.issues[0]?.message ?? `${param} must be a decimal number`);
  return parsed.data;
}

function badInput(param: string, message: string): ApiError {
  return new ApiError('bad_request', message, {
    issues: [{ path: param, message }],
    reason: 'bad_input',
  });
}
