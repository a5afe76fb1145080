import { PRESETS, type PresetName, type PresetSpec } from './vendors.ts';
import type { PresetParams } from './map-fields.ts';

export type PresetOutcome =
  | {
      ok: true;
      result: 'created' | 'duplicate' | 'status_changed' | 'queued';
      conversionId: number | null;
    }
  | { ok: false; status: number; code: string; message: string };

export interface PresetAnswer {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

// What a sender's log shows; the conversion's details are in our API and the postback log.
const AFFISE_MESSAGES = {
  created: 'Conversion tracked',
  duplicate: 'Duplicate postback: the original conversion stands',
  status_changed: 'Conversion status updated',
  queued: 'Accepted: recorded exactly once when the database is back',
} as const;

/**
 * The answer a vendor's senders expect. They look at the HTTP status (any 2xx is success) and
 * show the body in their logs: plain "OK" / "ERROR: <message>", or Affise's JSON status (1 done,
 * 2 not registered, with the reason). None of these senders is documented to retry forever on a
 * 4xx, so a refusal keeps its true 4xx; a duplicate is a success, so nobody retries it.
 * `params` are the postback's parameters: Keitaro's `return` names the success text the sender
 * waits for (docs.keitaro.io/en/conversions/postback.html).
 */
export function presetAnswer(
  preset: PresetName,
  outcome: PresetOutcome,
  params?: PresetParams,
): PresetAnswer {
  const spec: PresetSpec = PRESETS[preset];
  const status = outcome.ok ? (outcome.result === 'queued' ? 202 : 200) : outcome.status;
  if (spec.answer === 'affise-json') {
    const body = outcome.ok
      ? {
          status: 1,
          message: AFFISE_MESSAGES[outcome.result],
          ...(outcome.conversionId === null ? {} : { conversion_id: outcome.conversionId }),
        }
      : { status: 2, code: outcome.code, message: oneLine(outcome.message) };
    return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
  }
  if (!outcome.ok) return { status, contentType: TEXT, body: `ERROR: ${oneLine(outcome.message)}` };
  return { status, contentType: TEXT, body: replyText(spec, params) ?? 'OK' };
}

// Only a short printable text is echoed: the reply is the sender's own word, not a page.
function replyText(spec: PresetSpec, params: PresetParams | undefined): string | undefined {
  if (!spec.replyParam || !params) return undefined;
  const value = params[spec.replyParam];
  return typeof value === 'string' && /^[\x20-\x7E]{1,64}$/.test(value) ? value : undefined;
}

function oneLine(message: string): string {
  const flat = message.replace(/[\x00-\x1F\x7F]+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
