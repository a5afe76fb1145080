import { ApiError } from '../errors.ts';
import type { SenderKind } from './postback-sender.ts';

/** Whose postback it was, once its credential held for a known click on a campaign that exists. */
export interface PostbackParties {
  advertiserId: number;
  campaignId: number;
  affiliateId: number;
  // The stored conversion the postback was about, once it was found.
  conversionId: number | null;
  sender: SenderKind;
}

/**
 * A refusal of a postback whose sender proved who it is: the same answer as the refusal it wraps,
 * plus the parties, so the attempt lands in its advertiser's postback log. Only the postback path
 * builds one, after attribution: an unverified sender never names an advertiser's log.
 */
export class AttributedRefusal extends ApiError {
  readonly parties: PostbackParties;

  constructor(refusal: ApiError, parties: PostbackParties) {
    super(refusal.code, refusal.message, {
      issues: refusal.issues,
      cause: refusal.cause,
      headers: refusal.headers,
      reason: refusal.reason,
    });
    this.parties = parties;
  }
}

/** A refusal thrown once the parties are known, carrying them; anything else (a database error) unchanged. */
export function attributed(err: unknown, parties: PostbackParties): unknown {
  return err instanceof ApiError && !(err instanceof AttributedRefusal)
    ? new AttributedRefusal(err, { ...parties })
    : err;
}
