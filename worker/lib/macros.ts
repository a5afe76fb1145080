// Replaces {name} macros with URL-encoded values; unknown macros are left for the reader to spot.
export function fillMacros(template: string, values: Record<string, string | number | null | undefined>): string {
  return template.replace(/\{([a-z0-9_]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(String(values[name] ?? '')) : whole,
  );
}

const sampleValues = {
  click_id: 'abc', affiliate_id: 1, campaign_id: 1, sub1: 's', sub2: 's', sub3: 's', sub4: 's', sub5: 's',
  amount: 1, payout: 1, currency: 'USD', status: 'approved', event: 'conversion', txid: 't', conversion_id: 1,
};

// A template is acceptable when, filled with sample values, it is an absolute http(s) URL.
export function isHttpUrlTemplate(template: string): boolean {
  try {
    const url = new URL(fillMacros(template, sampleValues));
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
