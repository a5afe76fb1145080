import { describe, expect, it } from 'vitest';
import { generateClickId, looksSigned, verifyClickId } from './click-id.ts';

const secret = 'unit-test-secret-0123456789abcdef0123456789';

describe('generated click ids', () => {
  it('carry affiliate, campaign and time, and verify', async () => {
    const clickedAt = new Date('2026-11-01T10:20:30Z');
    const id = await generateClickId(secret, { affiliateId: 12345, campaignId: 7, clickedAt });
    expect(looksSigned(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(await verifyClickId(secret, id)).toEqual({
      affiliateId: 12345,
      campaignId: 7,
      clickedAt,
    });
  });

  it('reject tampering and other secrets', async () => {
    const id = await generateClickId(secret, {
      affiliateId: 1,
      campaignId: 2,
      clickedAt: new Date(),
    });
    expect(await verifyClickId('another-secret-0123456789abcdef0123456789', id)).toBeNull();
    expect(await verifyClickId(secret, id.replace(/^1\./, '2.'))).toBeNull();
    expect(await verifyClickId(secret, 'abc123')).toBeNull();
  });
});

describe('the visit signed into a generated id', () => {
  const clickedAt = new Date('2026-11-01T10:20:30Z');
  const ipHash = '0123456789abcdef0123456789abcdef';

  it('carries country, verdict and visitor, within 100 characters at the largest ids', async () => {
    const visit = { country: 'IN', suspicious: true, ipHash };
    const id = await generateClickId(secret, {
      affiliateId: 2 ** 31 - 1,
      campaignId: 2 ** 31 - 1,
      clickedAt,
      visit,
    });
    expect(looksSigned(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(await verifyClickId(secret, id)).toEqual({
      affiliateId: 2 ** 31 - 1,
      campaignId: 2 ** 31 - 1,
      clickedAt,
      visit,
    });
  });

  it('keeps an unknown country, an unscored click and a missing visitor apart', async () => {
    const visit = { country: null, suspicious: null, ipHash: null };
    const id = await generateClickId(secret, { affiliateId: 1, campaignId: 2, clickedAt, visit });
    expect((await verifyClickId(secret, id))?.visit).toEqual(visit);
  });

  it('cannot be edited: a clean verdict or another country breaks the signature', async () => {
    const id = await generateClickId(secret, {
      affiliateId: 1,
      campaignId: 2,
      clickedAt,
      visit: { country: 'IN', suspicious: true, ipHash },
    });
    expect(await verifyClickId(secret, id.replace('.INs', '.INc'))).toBeNull();
    expect(await verifyClickId(secret, id.replace('.INs', '.USs'))).toBeNull();
  });
});
