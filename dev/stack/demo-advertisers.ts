import { createHash, randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { generateClickId } from '../../worker/lib/click-id.ts';
import { advertiserPostbackToken } from '../../worker/lib/secrets.ts';
import { computePayout } from '../../worker/money/payout.ts';
import type { PayoutRuleConfig } from '../../worker/config/read-model.ts';
import type { DemoAffiliate, DemoCampaign } from './demo-data.ts';

export interface DemoAdvertiserCampaign extends DemoCampaign {
  /** How it pays and what caps it, in words, for the printout. */
  terms: string;
}

export interface DemoAdvertiser {
  id: number;
  name: string;
  apiKey: string;
  postbackToken: string;
  campaigns: DemoAdvertiserCampaign[];
}

// The migration's advertiser owning every campaign created before advertisers existed.
export const DEFAULT_ADVERTISER_ID = 1;

interface RuleSpec {
  type: 'cpa' | 'revshare';
  value: string;
  country?: string;
}

interface CampaignSpec {
  name: string;
  currency: string;
  terms: string;
  rules: RuleSpec[];
  caps: {
    metric: 'conversions' | 'payout' | 'clicks';
    period: 'day' | 'month' | 'total';
    limit: string;
  }[];
  amounts: number[];
}

const ACME = 'Acme Software';
const ACME_CAMPAIGNS: CampaignSpec[] = [
  {
    name: 'Acme Analytics Pro - Subscriptions',
    currency: 'USD',
    terms: 'RevShare 30% (DE 40%), at most 50 conversions a day',
    rules: [
      { type: 'revshare', value: '30' },
      { type: 'revshare', value: '40', country: 'DE' },
    ],
    caps: [{ metric: 'conversions', period: 'day', limit: '50' }],
    amounts: [49, 99, 199],
  },
  {
    name: 'Acme Backup - Free Trial',
    currency: 'USD',
    terms: 'CPA 25.00 USD',
    rules: [{ type: 'cpa', value: '25' }],
    caps: [],
    amounts: [0, 9.99],
  },
];
const COUNTRIES = ['US', 'DE', 'GB', 'DE', 'FR', 'CA'];

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)]!;
const datetime = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

/**
 * One advertiser, Acme Software, with a RevShare campaign (a German override and a daily
 * conversions cap) and a CPA campaign, and a few weeks of conversions paid by those rules.
 * Only the advertiser's postback creates conversions on its campaigns (affiliate_postbacks
 * 'refused'); the older demo campaigns stay with the default advertiser and keep 'pending'.
 * The history ends yesterday (UTC), so today's cap counts only what happens in the running stack.
 */
export async function loadDemoAdvertisers(
  conn: mysql.Connection,
  trackerSecret: string,
  offerBaseUrl: string,
  affiliates: readonly DemoAffiliate[],
): Promise<DemoAdvertiser[]> {
  const apiKey = `adk_${randomBytes(24).toString('base64url')}`;
  const hash = createHash('sha256').update(apiKey).digest('hex');
  const [res] = await conn.query<mysql.ResultSetHeader>(
    'INSERT INTO advertisers (name, api_key_hash) VALUES (?, ?)',
    [ACME, hash],
  );
  const advertiserId = res.insertId;
  const campaigns: DemoAdvertiserCampaign[] = [];
  const rand = random(7);
  const clickRows: unknown[][] = [];
  const conversionRows: unknown[][] = [];
  const startOfToday = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  for (const spec of ACME_CAMPAIGNS) {
    const offerUrl = `${offerBaseUrl}/offer?click_id={click_id}&affiliate_id={affiliate_id}&campaign_id={campaign_id}&sub1={sub1}`;
    const [campaign] = await conn.query<mysql.ResultSetHeader>(
      "INSERT INTO campaigns (name, advertiser_id, offer_url, default_payout, currency, affiliate_postbacks) VALUES (?, ?, ?, NULL, ?, 'refused')",
      [spec.name, advertiserId, offerUrl, spec.currency],
    );
    const campaignId = campaign.insertId;
    const rules: PayoutRuleConfig[] = [];
    for (const rule of spec.rules) {
      const [row] = await conn.query<mysql.ResultSetHeader>(
        'INSERT INTO payout_rules (campaign_id, country, type, value, currency) VALUES (?, ?, ?, ?, ?)',
        [campaignId, rule.country ?? null, rule.type, rule.value, spec.currency],
      );
      rules.push({
        id: row.insertId,
        affiliateId: null,
        country: rule.country ?? null,
        event: null,
        type: rule.type,
        value: rule.value,
        currency: spec.currency,
      });
    }
    for (const cap of spec.caps) {
      await conn.query(
        'INSERT INTO caps (campaign_id, period, metric, `limit`) VALUES (?, ?, ?, ?)',
        [campaignId, cap.period, cap.metric, cap.limit],
      );
    }
    campaigns.push({ id: campaignId, name: spec.name, offerUrl, terms: spec.terms });

    for (let i = 0; i < 120; i++) {
      const affiliate = pick(rand, affiliates);
      const country = pick(rand, COUNTRIES);
      // 1 to 21 days ago, never today.
      const at =
        startOfToday - 86_400_000 * (1 + Math.floor(rand() * 20)) + Math.floor(rand() * 86_000_000);
      const clickId = await generateClickId(trackerSecret, {
        affiliateId: affiliate.id,
        campaignId,
        clickedAt: new Date(at),
      });
      clickRows.push([
        clickId,
        affiliate.id,
        campaignId,
        'demo',
        country,
        true,
        'Mozilla/5.0 (demo)',
        datetime(at),
      ]);
      if (rand() >= 0.15) continue;
      const amount = pick(rand, spec.amounts).toFixed(2);
      const { payout, ruleId } = computePayout(
        { payoutRules: rules, defaultPayout: null },
        { affiliateId: affiliate.id, country, event: 'conversion', amount },
      );
      const status = rand() < 0.8 ? 'approved' : 'rejected';
      const convertedAt = datetime(
        Math.min(at + 600_000 + Math.floor(rand() * 3_600_000), startOfToday - 1),
      );
      conversionRows.push([
        clickId,
        affiliate.id,
        campaignId,
        amount,
        payout,
        ruleId,
        'advertiser',
        spec.currency,
        status,
        status === 'rejected' ? 'manual' : null,
        `acme_${campaignId}_${i}`,
        convertedAt,
        convertedAt,
      ]);
    }
  }
  await conn.query(
    'INSERT INTO clicks (click_id, affiliate_id, campaign_id, sub1, country, is_unique, user_agent, timestamp) VALUES ?',
    [clickRows],
  );
  if (conversionRows.length) {
    await conn.query(
      'INSERT INTO conversions (click_id, affiliate_id, campaign_id, amount, payout, payout_rule_id, status_set_by, currency, status, reason, txid, timestamp, updated_at) VALUES ?',
      [conversionRows],
    );
  }
  return [
    {
      id: advertiserId,
      name: ACME,
      apiKey,
      postbackToken: await advertiserPostbackToken(trackerSecret, advertiserId, 1),
      campaigns,
    },
  ];
}

export interface DemoDefaultAdvertiser {
  id: number;
  name: string;
  apiKey: string;
  postbackToken: string;
}

/**
 * Gives the default advertiser (made by the migration with an unusable key) an API key, so the
 * demo can show its review queue and postback log like any advertiser's.
 */
export async function loadDefaultAdvertiser(
  conn: mysql.Connection,
  trackerSecret: string,
): Promise<DemoDefaultAdvertiser> {
  const apiKey = `adk_${randomBytes(24).toString('base64url')}`;
  const hash = createHash('sha256').update(apiKey).digest('hex');
  await conn.query('UPDATE advertisers SET api_key_hash = ? WHERE id = ?', [
    hash,
    DEFAULT_ADVERTISER_ID,
  ]);
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    'SELECT name FROM advertisers WHERE id = ?',
    [DEFAULT_ADVERTISER_ID],
  );
  return {
    id: DEFAULT_ADVERTISER_ID,
    name: String(rows[0]!.name),
    apiKey,
    postbackToken: await advertiserPostbackToken(trackerSecret, DEFAULT_ADVERTISER_ID, 1),
  };
}
