// The vendor presets as an advertiser sets them up: read from the worker's own preset table, so
// the console shows exactly what /postback/{preset} reads.
import {
  PRESETS,
  type MappedField,
  type PresetName,
  type PresetStatus,
} from '../../../../worker/tracking/presets/vendors.ts';
import type { MappedStatus } from '../api.ts';

const FIELD_ORDER: readonly MappedField[] = [
  'click_id',
  'amount',
  'txid',
  'event',
  'status',
  'currency',
];

export const fieldLabels: Record<MappedField, string> = {
  click_id: 'click id',
  amount: 'revenue (amount)',
  txid: 'transaction id',
  event: 'event',
  status: 'status',
  currency: 'currency',
};

export interface PresetMapping {
  field: MappedField;
  /** The vendor's names for it, the usual one first. */
  params: readonly string[];
}

export interface PresetRow {
  preset: PresetName;
  vendor: string;
  /** The URL to paste into the vendor integration: the vendor's names, `{…}` for its macros, and the token. */
  url: string;
  mappings: PresetMapping[];
  /** Our fields this vendor has no parameter for (the sender may still add ours). */
  unmapped: MappedField[];
  /** The vendor's own status words onto ours; our three words are understood everywhere. */
  statuses: Record<PresetStatus, string[]>;
  /** The vendor's parameters that would set the payout: refused. */
  refused: string[];
}

/** Where /postback lives, from the advertiser's postback URL: its origin and path, no query. */
export function postbackBase(postbackUrl: string): string {
  const q = postbackUrl.indexOf('?');
  return (q === -1 ? postbackUrl : postbackUrl.slice(0, q)).replace(/\/+$/, '');
}

export function presetRows(postbackUrl: string, token: string): PresetRow[] {
  const base = postbackBase(postbackUrl);
  return (Object.keys(PRESETS) as PresetName[]).map((preset) => {
    const spec = PRESETS[preset];
    const params: Partial<Record<MappedField, readonly string[]>> = spec.params;
    const mappings = FIELD_ORDER.flatMap((field) =>
      params[field] ? [{ field, params: params[field] }] : [],
    );
    // The template carries the fields a conversion needs; currency is left to the campaign's.
    const query = mappings
      .filter((m) => m.field !== 'currency')
      .map((m) => `${m.params[0]}={${m.params[0]}}`);
    const statuses: Record<PresetStatus, string[]> = { approved: [], pending: [], rejected: [] };
    for (const [word, status] of Object.entries(spec.statuses))
      if (word !== status) statuses[status].push(word);
    return {
      preset,
      vendor: spec.vendor,
      url: `${base}/${preset}?${[...query, `token=${token}`].join('&')}`,
      mappings,
      unmapped: FIELD_ORDER.filter((f) => !params[f]),
      statuses,
      refused: Object.keys(spec.payoutParams),
    };
  });
}

/** An advertiser's own status values, grouped by what they become (the map decides before the vendor's words). */
export function statusMapGroups(
  map: Readonly<Record<string, MappedStatus>>,
): Record<MappedStatus, string[]> {
  const groups: Record<MappedStatus, string[]> = { approved: [], pending: [], rejected: [] };
  for (const [value, status] of Object.entries(map)) groups[status].push(value);
  return groups;
}
