import { describe, expect, it } from 'vitest';
import { allowedPage, consolePages, navFor, roleOf } from './roles.ts';
import { pages } from './router.ts';

describe('roles', () => {
  it('reads the role from /me and gives an unknown role the least', () => {
    expect(roleOf({ role: 'admin' })).toBe('admin');
    expect(roleOf({ role: 'advertiser' })).toBe('advertiser');
    expect(roleOf({ role: 'affiliate' })).toBe('affiliate');
    expect(roleOf({ role: 'superuser' })).toBe('affiliate');
    expect(roleOf(null)).toBe('affiliate');
  });

  it('gives the network console to the admin and none of it to an affiliate', () => {
    expect(navFor('affiliate').console).toEqual([]);
    expect(navFor('admin').console.map((i) => i.page)).toEqual([
      'affiliates',
      'advertisers',
      'campaigns',
      'review',
      'postback-log',
      'outgoing-postbacks',
      'traffic',
    ]);
    expect(navFor('admin').reports.map((i) => i.page)).toEqual([
      'overview',
      'clicks',
      'conversions',
      'quality',
      'links',
    ]);
  });

  it("gives an advertiser its campaigns, review, postback log and postback setup, and no affiliate's report", () => {
    const nav = navFor('advertiser');
    expect(nav.reports).toEqual([]);
    expect(nav.console.map((i) => i.page)).toEqual([
      'my-campaigns',
      'review',
      'postback-log',
      'postback-setup',
    ]);
    expect(nav.console.map((i) => i.label)).toEqual([
      'Campaigns',
      'Conversions review',
      'Postback log',
      'Postback URL & presets',
    ]);
  });

  it('gives the network quality page to the admin only', () => {
    expect(allowedPage('affiliate', 'traffic')).toBe('overview');
    expect(allowedPage('advertiser', 'traffic')).toBe('my-campaigns');
  });

  it('sends a key that opens a page of another role to its own first page', () => {
    expect(allowedPage('affiliate', 'affiliates')).toBe('overview');
    expect(allowedPage('affiliate', 'review')).toBe('overview');
    expect(allowedPage('affiliate', 'clicks')).toBe('clicks');
    expect(allowedPage('admin', 'outgoing-postbacks')).toBe('outgoing-postbacks');
    expect(allowedPage('admin', 'postback-setup')).toBe('overview');
    expect(allowedPage('advertiser', 'overview')).toBe('my-campaigns');
    expect(allowedPage('advertiser', 'advertisers')).toBe('my-campaigns');
    expect(allowedPage('advertiser', 'postback-log')).toBe('postback-log');
  });

  it('routes every console page', () => {
    for (const item of consolePages) expect(pages).toContain(item.page);
  });
});
