// The postback URL an affiliate hands to its advertiser: the macros are filled in by the advertiser's server.
export function postbackUrl(base: string, affiliateId: number, secret: string): string {
  return `${base}/postback?affiliate_id=${affiliateId}&click_id={click_id}&amount={amount}&currency={currency}&txid={txid}&token=${secret}`;
}

// An advertiser's one postback URL, the same for all its affiliates: the click id names the campaign, the token the advertiser.
export function advertiserPostbackUrl(base: string, token: string): string {
  return `${base}/postback?click_id={click_id}&txid={txid}&amount={amount}&token=${token}`;
}
