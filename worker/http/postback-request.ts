import type { Context } from 'hono';
import type { Conversion } from '../../drizzle/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { ApiError, type ErrorCode } from '../errors.ts';
import { conversionEvent } from '../live/events.ts';
import { publishLive } from '../live/publish.ts';
import type { ReasonCode } from '../money/reasons.ts';
import { logPostbackAttempt, redactedParams } from '../postback-log/record.ts';
import { deferredPostback } from '../queue/postbacks.ts';
import type { PostbackLogMessage } from '../queue/messages.ts';
import { parseOrThrow } from '../schemas/validate.ts';
import { postbackInput, recordPostback, type PostbackResult } from '../tracking/postback.ts';
import { AttributedRefusal, type PostbackParties } from '../tracking/attributed-refusal.ts';
import type { PostbackCredential } from '../tracking/postback-auth.ts';
import type { SignedRequest } from '../tracking/postback-signature.ts';
import type { PresetFields } from '../tracking/presets.ts';
import {
  claimedAdvertiser,
  identifySender,
  type PresentedSender,
  type SenderKind,
} from '../tracking/postback-sender.ts';

/** One postback as read by readPostback: /postback and every vendor preset hand it here. */
export interface PostbackRequest {
  fields: Record<string, unknown>;
  target: 'query' | 'json';
  signed: SignedRequest | undefined;
  preset: string | null;
  // A vendor preset's translation of its parameter names into ours; its status word is read later.
  translate?: (fields: Record<string, unknown>) => PresetFields;
  receivedAt: Date;
}

export type PostbackAnswer =
  | {
      httpStatus: 200;
      result: PostbackResult;
      conversion: Conversion;
      // Who proved to be sending, and the campaign's owner: the answer shows the sender its own view.
      sender: SenderKind;
      advertiserId: number | null;
    }
  | { httpStatus: 202; result: 'queued'; conversion: null };

// The reason a refusal is logged with when the error carries none of its own.
const REASON_OF_CODE: Partial<Record<ErrorCode, ReasonCode>> = {
  bad_request: 'bad_input',
  payload_too_large: 'bad_input',
  unsupported_media_type: 'bad_input',
  unauthorized: 'bad_credential',
  not_found: 'unknown_click',
  attribution_window_expired: 'window_expired',
};

/**
 * Validates, authenticates and records one postback, and writes the attempt to the postback log
 * whatever happens (through the queue, so the answer never waits for it). Refusals are thrown as
 * ApiError for the route to render in its own way.
 */
export async function acceptPostback(
  c: Context<AppEnv>,
  req: PostbackRequest,
): Promise<PostbackAnswer> {
  const base = {
    receivedAt: toMysqlDatetime(req.receivedAt),
    preset: req.preset,
    clickId: clickIdOf(req.fields),
    // As sent, in the sender's own names: what it would compare with its own logs.
    params: redactedParams(req.fields),
  };
  const log = (entry: Omit<PostbackLogMessage, keyof typeof base>) =>
    logPostbackAttempt(c.env.POSTBACK_LOG_QUEUE, (p) => c.executionCtx.waitUntil(p), {
      ...base,
      ...entry,
    });
  let credential: PostbackCredential = { signed: req.signed };
  // Set once the credential is verified as far as it can be without the click.
  let presented: PresentedSender | undefined;
  try {
    const deps = c.var.services.postback;
    // A preset's status stays a word until the sender is verified for the click (preset-status.ts).
    const { fields, statusWord } = req.translate
      ? req.translate(req.fields)
      : { fields: req.fields, statusWord: undefined };
    base.clickId = clickIdOf(fields);
    const input = parseOrThrow(postbackInput, fields, req.target);
    credential = { ...credential, token: input.token };
    try {
      presented = await identifySender(deps, credential, req.receivedAt);
      const { conversion, result, advertiserId, sender } = await recordPostback(
        deps,
        input,
        presented,
        req.receivedAt,
        { statusWord },
      );
      // The advertiser's answer does not wait for the dashboards.
      c.executionCtx.waitUntil(
        publishLive(c.env, conversionEvent(conversion, result, advertiserId)),
      );
      log({
        outcome: result,
        httpStatus: 200,
        reason: conversion.reason,
        message: null,
        credentialKind: sender,
        advertiserId,
        campaignId: conversion.campaignId,
        affiliateId: conversion.affiliateId,
        conversionId: conversion.id,
      });
      return { httpStatus: 200, result, conversion, sender, advertiserId };
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      await c.env.POSTBACK_QUEUE.send(
        await deferredPostback(
          c.var.settings.TRACKER_SECRET,
          input,
          credential,
          req.receivedAt,
          statusWord,
        ),
      );
      log({
        outcome: 'queued',
        httpStatus: 202,
        reason: null,
        message: 'database unavailable: queued',
        credentialKind: claimedKind(credential),
        ...unknownParties(presented),
      });
      return { httpStatus: 202, result: 'queued', conversion: null };
    }
  } catch (err) {
    const refusal = err instanceof ApiError ? err : undefined;
    log({
      outcome: 'refused',
      httpStatus: refusal?.status ?? 500,
      reason: refusal ? (refusal.reason ?? REASON_OF_CODE[refusal.code] ?? 'refused') : null,
      message: (refusal?.message ?? 'internal error').slice(0, 300),
      // Only a sender that proved who it is names an advertiser's log: a forger cannot write into it.
      ...(refusal instanceof AttributedRefusal
        ? attributedParties(refusal.parties)
        : {
            credentialKind: claimedKind(credential),
            ...unknownParties(presented),
          }),
    });
    throw err;
  }
}

function clickIdOf(fields: Record<string, unknown>): string | null {
  return typeof fields.click_id === 'string' ? fields.click_id.slice(0, 100) : null;
}

// What was presented, for a log entry whose sender never proved who it is.
function claimedKind(credential: PostbackCredential): string {
  if (claimedAdvertiser(credential) !== undefined) return 'advertiser';
  if (credential.token) return 'token';
  if (credential.signed) return 'signature';
  return 'none';
}

function attributedParties({ sender, ...ids }: PostbackParties) {
  return { credentialKind: sender, ...ids };
}

// Before the click is known, only an advertiser's own apt_ token, once verified, names its log.
function unknownParties(presented: PresentedSender | undefined) {
  return {
    advertiserId: presented?.kind === 'advertiser' ? presented.advertiser.id : null,
    campaignId: null,
    affiliateId: null,
    conversionId: null,
  };
}
