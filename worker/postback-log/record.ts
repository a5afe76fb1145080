import type { PostbackLogMessage } from '../queue/messages.ts';

// Never stored: the credential, in any spelling a sender or a vendor preset uses for it.
// `secure` and `verification_token` are vendors' own names for a shared secret (see the presets).
const SECRET_PARAMS = /^(token|signature|secret|key|api_key|apikey|password|secure|verification_token)$/i;
const MAX_PARAMS = 40;
const MAX_VALUE = 200;

/** The parameters as sent, with secrets replaced and sizes bounded, as the JSON the log stores. */
export function redactedParams(fields: Record<string, unknown>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields).slice(0, MAX_PARAMS)) {
    const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
    out[key.slice(0, 64)] = SECRET_PARAMS.test(key) ? '[redacted]' : text.slice(0, MAX_VALUE);
  }
  return JSON.stringify(out);
}

export interface LogSink {
  send(message: PostbackLogMessage): Promise<unknown>;
}

/** Hands the attempt to the flight-recorder queue; the postback's answer never waits for it. */
export function logPostbackAttempt(queue: LogSink, waitUntil: (p: Promise<unknown>) => void, message: PostbackLogMessage): void {
  waitUntil(queue.send(message).catch(() => undefined));
}
