import { isDatabaseUnavailable } from '../db/errors.ts';
import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { logEvent } from '../lib/log.ts';
import { advertiserIdOfToken } from '../lib/secrets.ts';
import { conversionEvent, type LiveEvent } from '../live/events.ts';
import { withOwners } from '../live/owners.ts';
import { publishLive } from '../live/publish.ts';
import { buildServices } from '../services.ts';
import { recordPostback, type PostbackInput } from '../tracking/postback.ts';
import { tokenReference, type PostbackCredential } from '../tracking/postback-auth.ts';
import { identifySender } from '../tracking/postback-sender.ts';
import type { PresetStatusWord } from '../tracking/presets.ts';
import { backoffSeconds } from './backoff.ts';
import type { DeferredPostback } from './messages.ts';

// Longer than the click queue's own retries (max_retries in wrangler.toml) can keep a click waiting.
export const CLICK_WAIT_ATTEMPTS = 12;

/**
 * The queue message for a postback accepted while the database was down. Queue messages can be
 * read by more people than secrets can, so the token travels as a keyed reference that only
 * proves, when applied, that the sender held it. A signature is no secret: it covers one payload,
 * and a replay cannot move a status backwards.
 */
export async function deferredPostback(
  trackerSecret: string,
  input: PostbackInput,
  credential: PostbackCredential,
  receivedAt: Date,
  statusWord?: PresetStatusWord,
): Promise<DeferredPostback> {
  const { token, ...fields } = input;
  const presented = token ?? credential.token;
  return {
    input: fields,
    credential: {
      ...(presented && { tokenReference: await tokenReference(trackerSecret, presented) }),
      ...(presented &&
        advertiserIdOfToken(presented) !== undefined && {
          advertiserId: advertiserIdOfToken(presented),
        }),
      ...(credential.signed && { signed: credential.signed }),
    },
    receivedAt: receivedAt.toISOString(),
    ...(statusWord && { statusWord }),
  };
}

/**
 * Postbacks accepted while the database was down. Applying one twice is safe: the
 * (click, event, txid) key makes the second a duplicate, and `recount` repairs the rollup.
 */
export async function consumePostbacks(
  batch: MessageBatch<DeferredPostback>,
  env: Bindings,
): Promise<void> {
  const services = buildServices(env, { freshConfig: true });
  const deps = {
    ...services.postback,
    // Accepted with a 202 already: its sender's budgets were spent when it arrived.
    budgets: undefined,
  };
  const events: LiveEvent[] = [];
  for (const message of batch.messages) {
    const { input, receivedAt, statusWord } = message.body;
    const at = new Date(receivedAt);
    try {
      const presented = await identifySender(deps, credentialOf(message.body), at);
      const { conversion, result, advertiserId } = await recordPostback(
        deps,
        input,
        presented,
        at,
        { recount: true, deferred: true, statusWord },
      );
      events.push(...conversionEvent(conversion, result, advertiserId));
      message.ack();
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.cause === 'unknown_click' &&
        message.attempts < CLICK_WAIT_ATTEMPTS
      ) {
        // Its click may still be queued behind it (both were deferred during an outage): look again later.
        message.retry({
          delaySeconds: backoffSeconds(message.attempts, services.settings.RETRY_BASE_SECONDS),
        });
      } else if (err instanceof ApiError) {
        logEvent('error', { msg: 'deferred postback refused', code: err.code, error: err.message });
        message.ack();
      } else {
        if (!isDatabaseUnavailable(err))
          logEvent('error', { msg: 'deferred postback failed', error: String(err) });
        message.retry({
          delaySeconds: backoffSeconds(message.attempts, services.settings.RETRY_BASE_SECONDS),
        });
      }
    }
  }
  await publishLive(env, await withOwners(services.config, events));
}

// A message queued before signatures named their method and path carries a v1 signature made for /postback.
function credentialOf({ credential }: DeferredPostback): PostbackCredential {
  const { signature, payload, ...rest } = credential;
  if (rest.signed || signature === undefined) return rest;
  return {
    ...rest,
    signed: { header: signature, method: 'POST', path: '/postback', payload: payload ?? '' },
  };
}
