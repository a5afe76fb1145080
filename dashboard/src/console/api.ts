// Typed wrappers over the routes the console calls; types come from the worker's schemas and serializers.
import type { z } from 'zod';
import { type ApiClient, type DayRange, type Query, withQuery } from '../api/client.ts';
import type { AffiliateRow, CampaignRow, NetworkQualityAnswer, Ok, Page } from '../api/routes.ts';
import type { RoutePreview } from '../../../worker/routing/preview.ts';
import type { Rule } from '../../../worker/routing/schema.ts';
import type { capInput, capsJson } from '../../../worker/schemas/caps.ts';
import type {
  payoutRuleInput,
  payoutRulesJson,
  previewJson,
} from '../../../worker/schemas/payout-rules.ts';
import type { BulkReviewResult } from '../../../worker/review/review.ts';
import type { AdvertiserJson } from '../../../worker/serializers/advertiser.ts';
import type { ReviewedConversionJson } from '../../../worker/serializers/conversion.ts';
import type { HistoryEntryJson } from '../../../worker/serializers/conversion-history.ts';
import type { PostbackLogItem } from '../../../worker/serializers/postback-log.ts';

export type OutgoingPostback = Ok<'/affiliates/:affiliate_id/outgoing-postbacks'>['data'][number];
export type { NetworkQualityAnswer, Rule, RoutePreview };
export type NetworkGroup = NetworkQualityAnswer['group_by'];

export interface NewAffiliate {
  name: string;
  outgoing_postback_url?: string | null;
}

export interface CreatedAffiliate extends AffiliateRow {
  api_key?: string;
  postback_secret?: string;
  postback_url?: string;
}

export interface RotatedSecret {
  postback_secret?: string;
  postback_url?: string;
  previous_valid_until: string | null;
}

/** A campaign with its owner, what affiliates' own postbacks may do, and the zone its caps count in (the network's view). */
export type Campaign = Ok<'/campaigns/:campaign_id'>['data'];
// GET /campaigns answers an affiliate a reduced view; the admin's and an advertiser's rows are whole.
export const isNetworkCampaign = (row: CampaignRow): row is Campaign => 'advertiser_id' in row;
export type AffiliatePostbacks = Campaign['affiliate_postbacks'];

export interface CampaignFields {
  name: string;
  offer_url: string | null;
  fallback_url: string | null;
  default_payout: string | null;
  currency: string;
  attribution_window_days: number;
  status: 'active' | 'paused';
  min_ctit_seconds: number | null;
  quality_threshold?: number;
  affiliate_postbacks: AffiliatePostbacks;
  time_zone: string | null;
  advertiser_id?: number;
}

export type Advertiser = AdvertiserJson;
export type MappedStatus = Advertiser['status_map'][string];

export interface AdvertiserChanges {
  name?: string;
  status?: 'active' | 'paused';
  status_map?: Record<string, MappedStatus> | null;
}

// Review (GET /conversions, POST /conversions/review) and the postback log.
// The admin's rows carry the payout; an advertiser's never do.
export type NetworkConversion = ReviewedConversionJson;
export type HistoryEntry = HistoryEntryJson;
export type PostbackAttempt = PostbackLogItem;
export type ReviewResult = BulkReviewResult;
export type ReviewStatus = NetworkConversion['status'];

export interface ReviewRequest {
  ids: number[];
  status: ReviewStatus;
  reason?: string;
  note?: string;
}

// Payout rules (GET/PUT /campaigns/{id}/payout-rules): cpa pays `value`, revshare `value` percent of the amount.
export type PayoutRules = z.infer<typeof payoutRulesJson>;
export type PayoutRule = PayoutRules['rules'][number];
export type RuleType = PayoutRule['type'];
export type PayoutPreview = z.infer<typeof previewJson>;
/** What PUT takes, as sent (the worker's input type before its transforms). */
export type PayoutRuleInput = Pick<
  z.input<typeof payoutRuleInput>,
  'type' | 'value' | 'affiliate_id' | 'country' | 'event'
>;

export interface PayoutExample {
  affiliate_id?: number;
  country?: string;
  event?: string;
  amount?: string;
}

// Caps (GET/PUT /campaigns/{id}/caps): counts are numbers, payout budgets decimal text.
export type Caps = z.infer<typeof capsJson>;
export type Cap = Caps['caps'][number];
export type CapMetric = Cap['metric'];
export type CapPeriod = Cap['period'];
export type CapInput = Pick<
  z.input<typeof capInput>,
  'metric' | 'period' | 'limit' | 'affiliate_id'
>;

// Routing rules (GET/PUT /campaigns/{id}/rules): saved as numbered versions.
export interface RoutingRules {
  campaign_id: number;
  version: number;
  rules: Rule[];
  versions: { version: number; created_at: string }[];
}

export interface PreviewVisitor {
  country?: string;
  user_agent?: string;
}

type Api = Pick<ApiClient, 'request'>;
const data = async <T>(p: Promise<{ data: T }>): Promise<T> => (await p).data;
const body = (method: string, value: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

export const consoleApi = (api: Api) => ({
  affiliates: () => data(api.request<{ data: AffiliateRow[] }>('/affiliates')),
  createAffiliate: (input: NewAffiliate) =>
    data(api.request<{ data: CreatedAffiliate }>('/affiliates', body('POST', input))),
  updateAffiliate: (
    id: number,
    changes: Partial<Pick<AffiliateRow, 'name' | 'status' | 'outgoing_postback_url'>>,
  ) => data(api.request<{ data: AffiliateRow }>(`/affiliates/${id}`, body('PATCH', changes))),
  rotateKey: (id: number) =>
    data(
      api.request<{ data: { api_key: string } }>(`/affiliates/${id}/api-key`, { method: 'POST' }),
    ),
  rotateSecret: (id: number, graceHours: number) =>
    data(
      api.request<{ data: RotatedSecret }>(
        `/affiliates/${id}/postback-secret`,
        body('POST', { grace_hours: graceHours }),
      ),
    ),
  campaigns: () => data(api.request<{ data: Campaign[] }>('/campaigns')),
  createCampaign: (fields: CampaignFields) =>
    data(api.request<{ data: Campaign }>('/campaigns', body('POST', fields))),
  updateCampaign: (id: number, fields: Partial<CampaignFields>) =>
    data(api.request<{ data: Campaign }>(`/campaigns/${id}`, body('PATCH', fields))),
  advertisers: () => data(api.request<{ data: Advertiser[] }>('/advertisers')),
  advertiser: (id: number) => data(api.request<{ data: Advertiser }>(`/advertisers/${id}`)),
  createAdvertiser: (input: { name: string }) =>
    data(
      api.request<{ data: Advertiser & { api_key: string } }>('/advertisers', body('POST', input)),
    ),
  updateAdvertiser: (id: number, changes: AdvertiserChanges) =>
    data(api.request<{ data: Advertiser }>(`/advertisers/${id}`, body('PATCH', changes))),
  rotateAdvertiserKey: (id: number) =>
    data(
      api.request<{ data: { api_key: string } }>(`/advertisers/${id}/api-key`, { method: 'POST' }),
    ),
  rotateAdvertiserSecret: (id: number, graceHours: number) =>
    data(
      api.request<{ data: Advertiser }>(
        `/advertisers/${id}/postback-secret`,
        body('POST', { grace_hours: graceHours }),
      ),
    ),
  conversions: (query: Query) =>
    api.request<Page<NetworkConversion>>(withQuery('/conversions', query)),
  review: (request: ReviewRequest) =>
    data(api.request<{ data: ReviewResult }>('/conversions/review', body('POST', request))),
  history: (id: number) =>
    data(api.request<{ data: HistoryEntry[] }>(`/conversions/${id}/history`)),
  postbackLog: (query: Query) =>
    api.request<Page<PostbackAttempt>>(withQuery('/postback-log', query)),
  payoutRules: (id: number) =>
    data(api.request<{ data: PayoutRules }>(`/campaigns/${id}/payout-rules`)),
  savePayoutRules: (id: number, rules: PayoutRuleInput[]) =>
    data(
      api.request<{ data: PayoutRules }>(`/campaigns/${id}/payout-rules`, body('PUT', { rules })),
    ),
  previewPayout: (id: number, example: PayoutExample) =>
    data(
      api.request<{ data: PayoutPreview }>(
        withQuery(`/campaigns/${id}/payout-rules/preview`, { ...example }),
      ),
    ),
  caps: (id: number) => data(api.request<{ data: Caps }>(`/campaigns/${id}/caps`)),
  saveCaps: (id: number, caps: CapInput[]) =>
    data(api.request<{ data: Caps }>(`/campaigns/${id}/caps`, body('PUT', { caps }))),
  routingRules: (id: number) => data(api.request<{ data: RoutingRules }>(`/campaigns/${id}/rules`)),
  saveRoutingRules: (id: number, rules: Rule[]) =>
    data(api.request<{ data: RoutingRules }>(`/campaigns/${id}/rules`, body('PUT', { rules }))),
  previewRoute: (id: number, visitor: PreviewVisitor) =>
    data(
      api.request<{ data: RoutePreview }>(`/campaigns/${id}/rules/preview`, body('POST', visitor)),
    ),
  networkQuality: (group: NetworkGroup, range: DayRange) =>
    api.request<NetworkQualityAnswer>(withQuery('/quality', { ...range, group_by: group })),
  outgoingPostbacks: (affiliateId: number) =>
    data(
      api.request<{ data: OutgoingPostback[] }>(`/affiliates/${affiliateId}/outgoing-postbacks`),
    ),
});

export type ConsoleApi = ReturnType<typeof consoleApi>;
