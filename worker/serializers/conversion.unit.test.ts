import { describe, expect, it } from 'vitest';
import type { Conversion } from '../../drizzle/schema.ts';
import {
  advertiserConversionJson,
  affiliateConversionJson,
  conversionToJson,
  networkConversionJson,
} from './conversion.ts';

const conversion: Conversion = {
  id: 42,
  clickId: 'abc123',
  affiliateId: 1,
  campaignId: 10,
  amount: '100.0000',
  payout: '12.5000',
  currency: 'USD',
  payoutRuleId: 7,
  statusSetBy: 'rules',
  status: 'pending',
  event: 'conversion',
  txid: '',
  reason: 'ctit_too_short',
  ctitSeconds: 3,
  ipHash: '0123456789abcdef0123456789abcdef',
  timestamp: '2023-08-23 16:45:30.456',
  updatedAt: '2023-08-23 16:50:00.000',
};

const keys = (o: object) => Object.keys(o).sort();

// The seed's /affiliates/:id/conversions rows carry these, under these names.
const SEED_LIST = ['amount', 'click_id', 'created_at', 'currency', 'id'];
const AFFILIATE = [
  'affiliate_id',
  'amount',
  'campaign_id',
  'click_id',
  'created_at',
  'currency',
  'event',
  'id',
  'payout',
  'reason',
  'status',
  'txid',
];
const ADVERTISER = [
  'advertiser_id',
  'affiliate_id',
  'amount',
  'campaign_id',
  'click_id',
  'created_at',
  'ctit_seconds',
  'currency',
  'event',
  'id',
  'reason',
  'status',
  'status_set_by',
  'txid',
  'updated_at',
];
const NETWORK = [...ADVERTISER, 'payout', 'payout_rule_id'].sort();

describe('conversion serializer', () => {
  it("shows an affiliate the seed's list fields and its payout, no fraud signals", () => {
    const json = conversionToJson.affiliate(conversion);
    expect(keys(json)).toEqual(AFFILIATE);
    expect(keys(json)).toEqual(expect.arrayContaining(SEED_LIST));
    expect(keys(affiliateConversionJson.shape)).toEqual(AFFILIATE);
    expect(json).toEqual({
      id: 42,
      click_id: 'abc123',
      affiliate_id: 1,
      campaign_id: 10,
      amount: 100,
      currency: 'USD',
      payout: 12.5,
      status: 'pending',
      event: 'conversion',
      txid: null,
      reason: 'ctit_too_short',
      created_at: '2023-08-23T16:45:30.456Z',
    });
  });

  it("never shows an advertiser the affiliate's payout or the rule that produced it", () => {
    const json = conversionToJson.advertiser(conversion, 5);
    expect(keys(json)).toEqual(ADVERTISER);
    expect(keys(advertiserConversionJson.shape)).toEqual(ADVERTISER);
    expect(json).not.toHaveProperty('payout');
    expect(json).not.toHaveProperty('payout_rule_id');
    expect(json).toMatchObject({ advertiser_id: 5, ctit_seconds: 3, status_set_by: 'rules' });
  });

  it('shows the network every field', () => {
    const json = conversionToJson.network(conversion, 5);
    expect(keys(json)).toEqual(NETWORK);
    expect(keys(networkConversionJson.shape)).toEqual(NETWORK);
    expect(json).toMatchObject({
      payout: 12.5,
      payout_rule_id: 7,
      updated_at: '2023-08-23T16:50:00.000Z',
    });
  });

  it("answers a postback's sender in its own view, with the seed's conversion_id and timestamp", () => {
    const aliases = ['conversion_id', 'timestamp'];
    const bySender = {
      affiliate: AFFILIATE,
      advertiser: ADVERTISER,
      admin: NETWORK,
    } as const;
    for (const [sender, view] of Object.entries(bySender)) {
      const json = conversionToJson.postback(sender as keyof typeof bySender, conversion, 5);
      expect(keys(json)).toEqual([...view, ...aliases].sort());
      expect(json).toMatchObject({
        conversion_id: 42,
        affiliate_id: 1,
        timestamp: '2023-08-23T16:45:30.456Z',
      });
    }
  });
});
