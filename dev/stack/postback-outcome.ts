export interface PostbackOutcome {
  kind: 'approved' | 'pending' | 'rejected' | 'failed';
  headline: string;
  /** Why, in a sentence: the reason code or the error the tracker answered. */
  detail: string;
  /** The tracker's answer as the page shows it. */
  answer: string;
}

interface PostbackAnswer {
  success?: boolean;
  duplicate?: boolean;
  queued?: boolean;
  data?: {
    status?: string;
    reason?: string | null;
    amount?: number | string | null;
    currency?: string;
  };
  error?: { code?: string; message?: string };
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** What the demo advertiser tells its visitor about one postback answer: success only for an approved conversion. */
export function describePostback(httpStatus: number, text: string): PostbackOutcome {
  const answer = `HTTP ${httpStatus}\n${pretty(text)}`;
  let parsed: PostbackAnswer = {};
  try {
    parsed = JSON.parse(text) as PostbackAnswer;
  } catch {}
  if (httpStatus < 200 || httpStatus > 299 || parsed.success !== true) {
    const why = parsed.error
      ? `${parsed.error.code}: ${parsed.error.message}`
      : `HTTP ${httpStatus}`;
    return {
      kind: 'failed',
      headline: 'No conversion: the tracker refused the postback',
      detail: why,
      answer,
    };
  }
  if (parsed.queued)
    return {
      kind: 'pending',
      headline: 'Postback queued',
      detail: 'The tracker records it once its database is back.',
      answer,
    };
  const data = parsed.data ?? {};
  const again = parsed.duplicate ? ' This order was already reported.' : '';
  if (data.status === 'approved')
    return {
      kind: 'approved',
      headline: 'Thanks for your order: conversion approved',
      // An advertiser's answer carries no payout: what the affiliate earns is not theirs to see.
      detail: `Approved: the network records the sale of ${data.amount} ${data.currency}.${again}`,
      answer,
    };
  const kind = data.status === 'rejected' ? 'rejected' : 'pending';
  return {
    kind,
    headline: `Conversion recorded as ${data.status ?? 'unknown'}: not paid${kind === 'pending' ? ' until reviewed' : ''}`,
    detail: `Reason: ${data.reason ?? 'none'}.${again}`,
    answer,
  };
}
