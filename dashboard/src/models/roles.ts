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
}

/** The affiliate's reporting pages: in the initial bundle. */
export const reportPages: NavItem[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'clicks', label: 'Clicks' },
  { page: 'conversions', label: 'Conversions' },
  { page: 'quality', label: 'Traffic quality', short: 'Quality' },
  { page: 'links', label: 'Postback & links', short: 'Links' },
];

/** The network console's pages: each a lazy chunk, fetched only when a role that has it opens it. */
export const consolePages: NavItem[] = [
  { page: 'affiliates', label: 'Affiliates' },
  { page: 'campaigns', label: 'Campaigns' },
  { page: 'deliveries', label: 'Outgoing deliveries', short: 'Deliveries' },
  { page: 'traffic', label: 'Network quality', short: 'Network' },
];

const consoleByRole: Record<Role, readonly PageName[]> = {
  affiliate: [],
  // Advertiser pages (its campaigns, review, postback log) arrive with advertiser keys.
  advertiser: [],
  admin: ['affiliates', 'campaigns', 'deliveries', 'traffic'],
};

const reportsByRole: Record<Role, readonly PageName[]> = {
  affiliate: ['overview', 'clicks', 'conversions', 'quality', 'links'],
  advertiser: [],
  admin: ['overview', 'clicks', 'conversions', 'quality', 'links'],
};

export function navFor(role: Role): { reports: NavItem[]; console: NavItem[] } {
  return {
    reports: reportPages.filter((i) => reportsByRole[role].includes(i.page)),
    console: consolePages.filter((i) => consoleByRole[role].includes(i.page)),
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
