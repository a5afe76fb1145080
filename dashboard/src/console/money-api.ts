// Typed wrappers over the advertiser, review and postback log routes; types come from the worker's serializers.
import { withQuery, type ApiClient, type Query } from '../api/client.ts';
import type { Page } from '../api/routes.ts';
import type { AdvertiserJson } from '../../../worker/serializers/advertiser.ts';
import type { ReviewedConversionJson } from '../../../worker/serializers/conversion.ts';
import type { HistoryEntryJson } from '../../../worker/serializers/conversion-history.ts';
import type { PostbackLogItem } from '../../../worker/serializers/postback-log.ts';
import type { BulkReviewResult } from '../../../worker/review/review.ts';

export type Advertiser = AdvertiserJson;
// The admin's rows carry the payout; an advertiser's never do.
export type NetworkConversion = ReviewedConversionJson;
export type HistoryEntry = HistoryEntryJson;
export type PostbackAttempt = PostbackLogItem;
export type ReviewResult = BulkReviewResult;
export type ReviewStatus = NetworkConversion['status'];
export type MappedStatus = Advertiser['status_map'][string];

export interface AdvertiserChanges {
  name?: string;
  status?: 'active' | 'paused';
  status_map?: Record<string, MappedStatus> | null;
}

export interface ReviewRequest {
  ids: number[];
  status: ReviewStatus;
  reason?: string;
  note?: string;
}

type Api = Pick<ApiClient, 'request'>;
const data = async <T>(p: Promise<{ data: T }>): Promise<T> => (await p).data;
const body = (method: string, value: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

export const moneyApi = (api: Api) => ({
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
});

export type MoneyApi = ReturnType<typeof moneyApi>;
