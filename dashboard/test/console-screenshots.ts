/** The console pages at 1280 px whose screenshots are kept in test/screenshots/ (`npm run screenshots`). */
export const CONSOLE_SCREENSHOTS = [
  {
    name: 'advertisers',
    page: 'Advertisers: list, postback URL, presets',
    test: 'advertisers.test.ts',
  },
  {
    name: 'advertisers-status-map',
    page: 'Advertisers: status map for presets',
    test: 'advertisers.test.ts',
  },
  {
    name: 'console-affiliates',
    page: 'Affiliates: list, new key shown once',
    test: 'console.test.ts',
  },
  { name: 'console-campaigns', page: 'Campaigns: list', test: 'console.test.ts' },
  {
    name: 'console-campaigns-form',
    page: 'Campaigns: create and edit',
    test: 'console-campaigns.test.ts',
  },
  {
    name: 'console-campaign-detail',
    page: 'Campaign: payout rules, caps with usage, routing rules with preview',
    test: 'console-campaigns.test.ts',
  },
  {
    name: 'review',
    page: 'Conversions review: pending queue, filters, bulk approve/reject',
    test: 'review.test.ts',
  },
  {
    name: 'review-history',
    page: "Conversions review: a conversion's history",
    test: 'review.test.ts',
  },
  {
    name: 'postback-log',
    page: 'Postback log: attempts, outcomes, redacted parameters',
    test: 'postback-log.test.ts',
  },
  {
    name: 'console-network-quality',
    page: 'Traffic quality: suspicious share, CTIT histogram',
    test: 'network-quality.test.ts',
  },
  {
    name: 'console-outgoing-postbacks',
    page: 'Outgoing postbacks: status codes and retries',
    test: 'console.test.ts',
  },
  {
    name: 'admin-overview',
    page: 'Admin: overview with the affiliate picker',
    test: 'access.test.ts',
  },
  {
    name: 'advertiser-campaigns',
    page: 'Advertiser: its campaigns',
    test: 'advertiser-console.test.ts',
  },
  {
    name: 'advertiser-campaign-detail',
    page: 'Advertiser: payout rules, caps and routing rules, read only, with the visitor preview',
    test: 'console-campaigns.test.ts',
  },
  {
    name: 'review-advertiser',
    page: "Advertiser: review of its campaigns' conversions",
    test: 'review.test.ts',
  },
  {
    name: 'postback-setup',
    page: 'Advertiser: postback URL and vendor presets',
    test: 'advertiser-console.test.ts',
  },
  { name: 'live-clicks', page: 'Live: clicks arriving on an open page', test: 'live.test.ts' },
] as const;
