// Typed wrappers over the admin routes the console calls; types come from the worker's schemas.
import type { ApiClient } from '../api/client.ts';
import type { AffiliateRow, CampaignRow, Ok } from '../api/routes.ts';

export type Delivery = Ok<'/affiliates/:affiliate_id/postback-deliveries'>['data'][number];

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

export interface CampaignFields {
  name: string;
  offer_url: string | null;
  default_payout: string | null;
  currency: string;
  attribution_window_days: number;
  status: 'active' | 'paused';
}

type Api = Pick<ApiClient, 'request'>;
const data = async <T>(p: Promise<{ data: T }>): Promise<T> => (await p).data;
const body = (method: string, value: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });

export const consoleApi = (api: Api) => ({
  affiliates: () => data(api.request<{ data: AffiliateRow[] }>('/affiliates')),
  createAffiliate: (input: NewAffiliate) => data(api.request<{ data: CreatedAffiliate }>('/affiliates', body('POST', input))),
  updateAffiliate: (id: number, changes: Partial<Pick<AffiliateRow, 'name' | 'status' | 'outgoing_postback_url'>>) =>
    data(api.request<{ data: AffiliateRow }>(`/affiliates/${id}`, body('PATCH', changes))),
  rotateKey: (id: number) => data(api.request<{ data: { api_key: string } }>(`/affiliates/${id}/api-key`, { method: 'POST' })),
  rotateSecret: (id: number, graceHours: number) =>
    data(api.request<{ data: RotatedSecret }>(`/affiliates/${id}/postback-secret`, body('POST', { grace_hours: graceHours }))),
  campaigns: () => data(api.request<{ data: CampaignRow[] }>('/campaigns')),
  createCampaign: (fields: CampaignFields) => data(api.request<{ data: CampaignRow }>('/campaigns', body('POST', fields))),
  updateCampaign: (id: number, fields: Partial<CampaignFields>) => data(api.request<{ data: CampaignRow }>(`/campaigns/${id}`, body('PATCH', fields))),
  deliveries: (affiliateId: number) => data(api.request<{ data: Delivery[] }>(`/affiliates/${affiliateId}/postback-deliveries`)),
});

export type ConsoleApi = ReturnType<typeof consoleApi>;
