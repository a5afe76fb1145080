// Replaces {name} macros with URL-encoded values; unknown macros are left for the reader to spot.
export function fillMacros(
  template: string,
  values: Record<string, string | number | null | undefined>,
): string {
  return template.replace(/\{([a-z0-9_]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(String(values[name] ?? '')) : whole,
  );
}

const sampleValues = {
  click_id: 'abc',
  affiliate_id: 1,
  campaign_id: 1,
  sub1: 's',
  sub2: 's',
  sub3: 's',
  sub4: 's',
  sub5: 's',
  amount: 1,
  payout: 1,
  currency: 'USD',
  status: 'approved',
  event: 'conversion',
  txid: 't',
  conversion_id: 1,
};

const otherValues = Object.fromEntries(Object.keys(sampleValues).map((name) => [name, 'other']));

// The template with every macro filled: what the URL checks look at when a template is saved.
export function sampleUrl(template: string): string {
  return fillMacros(template, sampleValues);
}

// The URL parser drops these silently, but they would reach the Location header as sent.
const CONTROL_OR_SPACE = /[\x00-\x20\x7F]/;

// A template is acceptable when, filled with sample values, it is an absolute http(s) URL whose
// origin no macro can change (else a click's sub ids could steer the redirect to another host).
export function isHttpUrlTemplate(template: string): boolean {
  if (CONTROL_OR_SPACE.test(template)) return false;
  try {
    const url = new URL(fillMacros(template, sampleValues));
    const other = new URL(fillMacros(template, otherValues));
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname.length > 0 &&
      url.origin === other.origin
    );
  } catch {
    return false;
  }
}
