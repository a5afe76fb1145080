/** The filters the review queue and the postback log share: the reason given, the campaign and the affiliate. */
export interface ConversionFilters {
  reason: string;
  campaign: string;
  affiliate: string;
}

export const noConversionFilters: ConversionFilters = { reason: '', campaign: '', affiliate: '' };

export const conversionUrlKeys = {
  reason: 'reason',
  campaign: 'campaign_id',
  affiliate: 'affiliate_id',
} as const;

/** The filters a link or a reload asks for; a value that is no reason or id is left out. */
export function conversionFiltersFrom(query: Readonly<Record<string, string>>): ConversionFilters {
  const f = { ...noConversionFilters };
  if (query.reason && /^[a-z_]{1,40}$/.test(query.reason)) f.reason = query.reason;
  if (query.campaign_id && /^\d{1,10}$/.test(query.campaign_id)) f.campaign = query.campaign_id;
  if (query.affiliate_id && /^\d{1,10}$/.test(query.affiliate_id)) f.affiliate = query.affiliate_id;
  return f;
}

/** The filters as URL keys (undefined removes one), which are also the API's. */
export function conversionFiltersQuery(f: ConversionFilters): Record<string, string | undefined> {
  return {
    [conversionUrlKeys.reason]: f.reason || undefined,
    [conversionUrlKeys.campaign]: f.campaign || undefined,
    [conversionUrlKeys.affiliate]: f.affiliate || undefined,
  };
}
