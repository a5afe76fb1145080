import type { Database } from '../db/client.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { findClick } from '../db/queries/clicks.ts';
import { findConversion } from '../db/queries/conversions.ts';
import { logDelivery } from '../db/queries/deliveries.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { fillMacros } from '../lib/macros.ts';
import type { AffiliatePostbackMessage } from '../queue/messages.ts';


export type DeliveryResult = 'delivered' | 'retry' | 'dropped';

// Calls the affiliate's outgoing postback URL once and logs the attempt; the queue retries failures.
export async function deliverAffiliatePostback(
  db: Database,
  message: AffiliatePostbackMessage,
  attempt: number,
): Promise<DeliveryResult> {
  const conversion = await findConversion(db, message.conversionId);
  const affiliate = conversion && (await findAffiliate(db, conversion.affiliateId));
  if (!conversion || !affiliate?.outgoingPostbackUrl) return 'dropped';
  const click = await findClick(db, conversion.affiliateId, conversion.clickId);
  const url = fillMacros(affiliate.outgoingPostbackUrl, {
    click_id: conversion.clickId,
    sub1: click?.sub1, sub2: click?.sub2, sub3: click?.sub3, sub4: click?.sub4, sub5: click?.sub5,
    amount: Number(conversion.amount),
    payout: conversion.payout === null ? '' : Number(conversion.payout),
    currency: conversion.currency,
    status: message.status,
    event: conversion.event,
    txid: conversion.txid,
    conversion_id: conversion.id,
  });
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    statusCode = response.status;
    await response.body?.cancel();
  } catch (err) {
    error = String((err as Error).message ?? err).slice(0, 255);
  }
  await logDelivery(db, {
    affiliateId: affiliate.id,
    conversionId: conversion.id,
    url,
    statusCode,
    error,
    attempt,
    timestamp: toMysqlDatetime(new Date()),
  });
  return statusCode !== null && statusCode >= 200 && statusCode < 300 ? 'delivered' : 'retry';
}
