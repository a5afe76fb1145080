import { ApiError } from '../../errors.ts';
import type { PresetSpec, PresetStatus } from './vendors.ts';

const OUR_STATUSES: readonly PresetStatus[] = ['approved', 'pending', 'rejected'];

export interface StatusInput {
  /** The value as sent. */
  value: string;
  /** The parameter it came in, for messages. */
  param: string;
  /** The sender's own lists per vendor status (Keitaro's sale_status=a,b), already read. */
  lists: ReadonlyMap<PresetStatus, readonly string[]>;
}

/**
 * The advertiser's status_map decides first (its own values, compared exactly), then the lists the
 * sender put in the URL, then the vendor's standard words. A value none of them knows is refused:
 * guessing would approve or reject money on a word nobody defined.
 */
export function resolveStatus(
  spec: PresetSpec,
  input: StatusInput,
  statusMap: Readonly<Record<string, string>> | null,
): PresetStatus {
  const { value, param } = input;
  if (value === '') {
    throw badStatus(
      param,
      `${param} is empty: send a ${spec.vendor} status (${knownWords(spec)}) or leave ${param} out`,
    );
  }
  if (statusMap && Object.hasOwn(statusMap, value)) {
    const mapped = statusMap[value]!;
    if (isOurStatus(mapped)) return mapped;
    throw badStatus(
      param,
      `This advertiser's status_map maps ${quote(value)} to ${quote(mapped)}, which is not approved, pending or rejected: correct it with PATCH /advertisers/{id}`,
    );
  }
  for (const [status, values] of input.lists) if (values.includes(value)) return status;
  const standard = spec.statuses[value.toLowerCase()];
  if (standard) return standard;
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
