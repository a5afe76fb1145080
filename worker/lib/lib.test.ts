import { describe, expect, it } from 'vitest';
import { toCsv } from '../reports/csv.ts';
import { generateClickId, looksSigned, verifyClickId } from './click-id.ts';
import { timingSafeEqual } from './crypto.ts';
import { fillMacros, isHttpUrlTemplate } from './macros.ts';
import { toUnits, unitsToNumber } from './money.ts';

const secret = 'unit-test-secret-0123456789abcdef0123456789';

describe('generated click ids', () => {
  it('carry affiliate, campaign and time, and verify', async () => {
    const clickedAt = new Date('2026-11-01T10:20:30Z');
    const id = await generateClickId(secret, { affiliateId: 12345, campaignId: 7, clickedAt });
    expect(looksSigned(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(await verifyClickId(secret, id)).toEqual({ affiliateId: 12345, campaignId: 7, clickedAt });
  });

  it('reject tampering and other secrets', async () => {
    const id = await generateClickId(secret, { affiliateId: 1, campaignId: 2, clickedAt: new Date() });
    expect(await verifyClickId('another-secret-0123456789abcdef0123456789', id)).toBeNull();
    expect(await verifyClickId(secret, id.replace(/^1\./, '2.'))).toBeNull();
    expect(await verifyClickId(secret, 'abc123')).toBeNull();
  });
});

describe('macros', () => {
  it('fill known macros URL-encoded and leave unknown ones', () => {
    expect(fillMacros('https://x.example/?c={click_id}&s={sub1}&u={nope}', { click_id: 'a b&c', sub1: null })).toBe(
      'https://x.example/?c=a%20b%26c&s=&u={nope}',
    );
  });

  it('accept only http(s) templates', () => {
    expect(isHttpUrlTemplate('https://x.example/?c={click_id}')).toBe(true);
    expect(isHttpUrlTemplate('http://127.0.0.1:8790/offer')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'ftp://x.example/', '//x.example/', 'data:text/html,hi', '{click_id}']) {
      expect(isHttpUrlTemplate(bad)).toBe(false);
    }
  });
});

describe('money', () => {
  it('adds decimals without float error', () => {
    expect(unitsToNumber(toUnits('0.1000') + toUnits('0.2000'))).toBe(0.3);
    expect(unitsToNumber(toUnits('12345678901.1234'))).toBe(12345678901.1234);
    expect(toUnits('-1.5')).toBe(-15000n);
  });
});

describe('csv', () => {
  it('quotes separators and neutralises formulas', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: '=1+1' }, { a: null, b: 'he said "hi"' }])).toBe('a,b\r\n"x,y",\'=1+1\r\n,"he said ""hi"""\r\n');
  });
});

describe('timingSafeEqual', () => {
  it('compares whole strings', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'abcd')).toBe(false);
  });
});
