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
