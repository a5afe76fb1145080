import type { PostbackInput } from '../tracking/postback.ts';
import type { PostbackCredential } from '../tracking/postback-auth.ts';
import type { PresetStatusWord } from '../tracking/presets.ts';

// A click on its way from the edge to the database (tracker-clicks).
export interface ClickMessage {
  clickId: string;
  affiliateId: number;
  campaignId: number;
  sub: (string | null)[];
  ipHash: string | null;
  userAgent: string | null;
  country: string | null;
  referrer: string | null;
  timestamp: string;
  asn?: number | null;
  asOrg?: string | null;
  qualityScore?: number;
  qualityReasons?: string | null;
  isSuspicious?: boolean;
  // Routing: the rule version and landing variant the visitor was sent to, the smartlink it came through.
  ruleVersion?: number | null;
  variantId?: string | null;
  smartlinkId?: number | null;
  // Set when a rule already parsed the user agent; else the consumer parses it.
  device?: string | null;
  os?: string | null;
}

// A postback accepted while the database was down (tracker-postbacks).
export interface DeferredPostback {
  input: PostbackInput;
  // signature and payload: the v1 form of `signed`, in messages queued before it existed.
  credential: PostbackCredential & { signature?: string; payload?: string };
  receivedAt: string;
  // A vendor preset's status as sent, read once the sender is verified (preset-status.ts).
  statusWord?: PresetStatusWord;
}

// One postback attempt for the flight recorder (tracker-postback-log): written off the postback's path.
export interface PostbackLogMessage {
  receivedAt: string;
  outcome: 'created' | 'duplicate' | 'status_changed' | 'queued' | 'refused';
  httpStatus: number;
  reason: string | null;
  message: string | null;
  credentialKind: string;
  preset: string | null;
  clickId: string | null;
  advertiserId: number | null;
  campaignId: number | null;
  affiliateId: number | null;
  conversionId: number | null;
  // JSON of the parameters as sent, token and signature redacted.
  params: string;
}

// A notification to an affiliate's own postback URL (tracker-outgoing-postbacks).
export interface OutgoingPostbackMessage {
  conversionId: number;
  // The status this notification announces; a later change sends its own message.
  status: string;
}
