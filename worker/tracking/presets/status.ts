import { ApiError } from '../../errors.ts';
import { PRESETS, type PresetName, type PresetSpec, type PresetStatus } from './vendors.ts';

const OUR_STATUSES: readonly PresetStatus[] = ['approved', 'pending', 'rejected'];

/**
 * A preset's status value as sent, kept until the sender is verified for the click: whose
 * status_map reads it depends on who proved to send it. Plain data, so the deferred queue carries it.
 */
export interface PresetStatusWord {
  preset: PresetName;
  /** The value as sent. */
  value: string;
  /** The parameter it came in, for messages. */
  param: string;
  /** The sender's own lists per vendor status (Keitaro's sale_status=a,b), in the order read. */
  lists: readonly (readonly [PresetStatus, readonly string[]])[];
}

/** Refuses an empty status at once: no status_map can define it, so no sender would make it readable. */
export function statusWordOf(
  preset: PresetName,
  param: string,
  value: string,
  lists: PresetStatusWord['lists'],
): PresetStatusWord {
  if (value === '') {
    const spec = PRESETS[preset];
    throw badStatus(
      param,
      `${param} is empty: send a ${spec.vendor} status (${knownWords(spec)}) or leave ${param} out`,
    );
  }
  return { preset, value, param, lists };
}

/**
 * The advertiser's status_map decides first (its own values, compared exactly), then the lists the
 * sender put in the URL, then the vendor's standard words. A value none of them knows is refused:
 * guessing would approve or reject money on a word nobody defined.
 */
export function resolveStatus(
  word: PresetStatusWord,
  statusMap: ReadonlyMap<string, string> | null,
): PresetStatus {
  const { value, param } = word;
  const spec: PresetSpec = PRESETS[word.preset];
  const mapped = statusMap?.get(value);
  if (mapped !== undefined) {
    if (isOurStatus(mapped)) return mapped;
    throw badStatus(
      param,
      `This advertiser's status_map maps ${quote(value)} to ${quote(mapped)}, which is not approved, pending or rejected: correct it with PATCH /advertisers/{id}`,
    );
  }
  for (const [status, values] of word.lists) if (values.includes(value)) return status;
  const lower = value.toLowerCase();
  // Own keys only: "constructor" or "__proto__" is an unknown word, not an inherited property.
  if (Object.hasOwn(spec.statuses, lower)) return spec.statuses[lower]!;
  throw badStatus(
    param,
    `${param}=${quote(value)} is not a ${spec.vendor} status (${knownWords(spec)}) nor in this advertiser's status_map: ` +
      `map it with PATCH /advertisers/{id} {"status_map": {${quote(value)}: "approved" | "pending" | "rejected"}}`,
  );
}

function isOurStatus(value: string): value is PresetStatus {
  return (OUR_STATUSES as readonly string[]).includes(value);
}

function knownWords(spec: PresetSpec): string {
  return Object.keys(spec.statuses).join(', ');
}

// The value is the sender's: shown JSON-quoted and cut, so a message stays one readable line.
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function badStatus(param: string, message: string): ApiError {
  return new ApiError('bad_request', message, {
    issues: [{ path: param, message }],
    reason: 'bad_input',
  });
}
