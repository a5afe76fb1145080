import { describe, expect, it } from 'vitest';
import { allowedPage, navFor, roleOf } from './roles.ts';

describe('roles', () => {
  it('reads the role from /me and gives an unknown role the least', () => {
    expect(roleOf({ role: 'admin' })).toBe('admin');
    expect(roleOf({ role: 'advertiser' })).toBe('advertiser');
    expect(roleOf({ role: 'affiliate' })).toBe('affiliate');
    expect(roleOf({ role: 'superuser' })).toBe('affiliate');
    expect(roleOf(null)).toBe('affiliate');
  });

  it('gives the console only to the admin (advertiser pages come with advertiser keys)', () => {
    expect(navFor('affiliate').console).toEqual([]);
    expect(navFor('admin').console.map((i) => i.page)).toEqual(expect.arrayContaining(['affiliates', 'campaigns', 'deliveries']));
    expect(navFor('admin').reports.map((i) => i.page)).toEqual(['overview', 'clicks', 'conversions', 'quality', 'links']);
  });

  it('gives the network quality page to the admin only', () => {
    expect(navFor('admin').console.map((i) => i.page)).toContain('traffic');
    expect(allowedPage('affiliate', 'traffic')).toBe('overview');
  });

  it("sends an affiliate who opens a console link to its own overview", () => {
    expect(allowedPage('affiliate', 'affiliates')).toBe('overview');
    expect(allowedPage('affiliate', 'clicks')).toBe('clicks');
    expect(allowedPage('admin', 'deliveries')).toBe('deliveries');
  });
});
