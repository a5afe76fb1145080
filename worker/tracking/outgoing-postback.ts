import type { Database } from '../db/client.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { findClick } from '../db/queries/clicks.ts';
import { findConversion } from '../db/queries/conversions.ts';
import {
  findClaim,
  finishOutgoingPostback,
  logOutgoingPostback,
  releaseAbandonedClaim,
  reserveOutgoingPostback,
} from '../db/queries/outgoing-postbacks.ts';
import { fromMysqlDatetime, toMysqlDatetime } from '../db/time.ts';
import { fillMacros } from '../lib/macros.ts';
import {
  destinationProblem,
  OUTGOING_POSTBACK_HEADER,
  type DestinationPolicy,
} from '../lib/postback-destination.ts';
import type { OutgoingPostbackMessage } from '../queue/messages.ts';

export type OutgoingPostbackResult = 'delivered' | 'retry' | 'dropped';

// The outgoing postback log's URL column; longer URLs are sent whole and logged truncated, with their length.
const LOGGED_URL_CHARS = 2048;
// An attempt that has not reported back after this long died mid-send (the fetch itself times out after 10 s).
const ABANDONED_AFTER_MS = 120_000;

/**
 * Calls the affiliate's outgoing postback URL for one conversion and status, at most once after a
 * success: the attempt is logged and claims "<conversion>:<status>" before the send, so a redelivered
 * or concurrent message finds the claim and sends nothing. The queue retries failures.
 */
export async function deliverOutgoingPostback(
  db: Database,
  message: OutgoingPostbackMessage,
  attempt: number,
  policy: DestinationPolicy,
): Promise<OutgoingPostbackResult> {
  const conversion = await findConversion(db, message.conversionId);
  const affiliate = conversion && (await findAffiliate(db, conversion.affiliateId));
  if (!conversion || !affiliate?.outgoingPostbackUrl) return 'dropped';
  const click = await findClick(db, conversion.affiliateId, conversion.clickId);
  const url = fillMacros(affiliate.outgoingPostbackUrl, {
    click_id: conversion.clickId,
    sub1: click?.sub1,
    sub2: click?.sub2,
    sub3: click?.sub3,
    sub4: click?.sub4,
    sub5: click?.sub5,
    amount: Number(conversion.amount),
    payout: conversion.payout === null ? '' : Number(conversion.payout),
    currency: conversion.currency,
    status: message.status,
    event: conversion.event,
    txid: conversion.txid,
    conversion_id: conversion.id,
  });
  const row = {
    affiliateId: affiliate.id,
    conversionId: conversion.id,
    conversionStatus: message.status,
    url: url.slice(0, LOGGED_URL_CHARS),
    urlLength: url.length,
    attempt,
    timestamp: toMysqlDatetime(new Date()),
  };
  // Checked again as filled: the URL may predate the checks, or the tracker's settings may have changed.
  const problem = destinationProblem(url, policy);
  if (problem) {
    await logOutgoingPostback(db, { ...row, error: `refused: the URL ${problem}`.slice(0, 255) });
    return 'dropped';
  }
  const claimKey = `${conversion.id}:${message.status}`;
  const id = await reserveOutgoingPostback(db, { ...row, claimKey });
  if (id === undefined) return settleHeldClaim(db, claimKey);

  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { [OUTGOING_POSTBACK_HEADER]: '1' },
      signal: AbortSignal.timeout(10_000),
    });
    statusCode = response.status;
    await response.body?.cancel();
  } catch (err) {
    error = String((err as Error).message ?? err).slice(0, 255);
  }
  const delivered = statusCode !== null && statusCode >= 200 && statusCode < 300;
  await finishOutgoingPostback(db, id, { statusCode, error, delivered });
  return delivered ? 'delivered' : 'retry';
}

async function settleHeldClaim(db: Database, claimKey: string): Promise<OutgoingPostbackResult> {
  const held = await findClaim(db, claimKey);
  if (held?.statusCode != null && held.statusCode >= 200 && held.statusCode < 300)
    return 'delivered';
  if (held && Date.now() - fromMysqlDatetime(held.timestamp).getTime() > ABANDONED_AFTER_MS)
    await releaseAbandonedClaim(db, held.id);
  return 'retry';
}
