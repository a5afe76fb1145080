import type { ComponentType } from 'preact';
import type { PageName } from '../models/router.ts';

/**
 * Every console page, each its own chunk. LazyPage reaches them through this registry, itself a
 * small lazy chunk, so a console page costs the entry script (what every affiliate downloads)
 * nothing: a new page is one line here and one in models/roles.ts.
 */
export const consolePageLoaders: Partial<Record<PageName, () => Promise<ComponentType>>> = {
  affiliates: () => import('./affiliates/AffiliatesPage.tsx').then((m) => m.AffiliatesPage),
  advertisers: () => import('./advertisers/AdvertisersPage.tsx').then((m) => m.AdvertisersPage),
  campaigns: () => import('./campaigns/CampaignsPage.tsx').then((m) => m.CampaignsPage),
  'my-campaigns': () =>
    import('./campaigns/AdvertiserCampaignsPage.tsx').then((m) => m.AdvertiserCampaignsPage),
  review: () => import('./review/ReviewPage.tsx').then((m) => m.ReviewPage),
  'postback-log': () => import('./postback-log/PostbackLogPage.tsx').then((m) => m.PostbackLogPage),
  'postback-setup': () =>
    import('./postback-setup/PostbackSetupPage.tsx').then((m) => m.PostbackSetupPage),
  'outgoing-postbacks': () =>
    import('./outgoing-postbacks/OutgoingPostbacksPage.tsx').then((m) => m.OutgoingPostbacksPage),
  traffic: () => import('./quality/NetworkQualityPage.tsx').then((m) => m.NetworkQualityPage),
};
