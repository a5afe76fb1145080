import type { PageName } from './router.ts';

/** Who a key belongs to decides what the app shows. */
export type Role = 'affiliate' | 'advertiser' | 'admin';

/** The role GET /me reports; anything unknown gets the least: an affiliate's own pages. */
export function roleOf(me: { role: string } | null): Role {
  return me?.role === 'admin' || me?.role === 'advertiser' ? me.role : 'affiliate';
}

export interface NavItem {
  page: PageName;
  label: string;
  short?: string;
  /** Who sees the page; a page is added to a role here, and nowhere else. */
  roles: readonly Role[];
}

const network: readonly Role[] = ['admin'];
const reviewers: readonly Role[] = ['admin', 'advertiser'];
const partners: readonly Role[] = ['affiliate', 'admin'];

/** The affiliate's reporting pages: in the initial bundle. */
export const reportPages: NavItem[] = [
  { page: 'overview', label: 'Overview', roles: partners },
  { page: 'clicks', label: 'Clicks', roles: partners },
  { page: 'conversions', label: 'Conversions', roles: partners },
  { page: 'quality', label: 'Traffic quality', short: 'Quality', roles: partners },
  { page: 'links', label: 'Postback & links', short: 'Links', roles: partners },
];

/**
 * The console's pages, in nav order: each a lazy chunk (LazyPage.tsx), fetched only when a role
 * that has it opens it. The advertiser's pages read only its own campaigns' data.
 */
export const consolePages: NavItem[] = [
  { page: 'affiliates', label: 'Affiliates', roles: network },
  { page: 'advertisers', label: 'Advertisers', roles: network },
  { page: 'campaigns', label: 'Campaigns', roles: network },
  { page: 'my-campaigns', label: 'Campaigns', roles: ['advertiser'] },
  { page: 'review', label: 'Conversions review', short: 'Review', roles: reviewers },
  { page: 'postback-log', label: 'Postback log', short: 'Log', roles: reviewers },
  {
    page: 'postback-setup',
    label: 'Postback URL & presets',
    short: 'Setup',
    roles: ['advertiser'],
  },
  { page: 'outgoing-postbacks', label: 'Outgoing postbacks', short: 'Outgoing', roles: network },
  { page: 'traffic', label: 'Network quality', short: 'Network', roles: network },
];

export function navFor(role: Role): { reports: NavItem[]; console: NavItem[] } {
  return {
    reports: reportPages.filter((i) => i.roles.includes(role)),
    console: consolePages.filter((i) => i.roles.includes(role)),
  };
}

export function isConsolePage(page: PageName): boolean {
  return consolePages.some((i) => i.page === page);
}

/** The page to show: the one asked for if this role has it, else its first page. */
export function allowedPage(role: Role, page: PageName): PageName {
  const { reports, console } = navFor(role);
  const all = [...reports, ...console];
  return all.some((i) => i.page === page) ? page : (all[0]?.page ?? 'overview');
}
