import { createHash, randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { generateClickId } from '../../worker/lib/click-id.ts';
import { postbackSecret } from '../../worker/lib/secrets.ts';
import {
  loadDefaultAdvertiser,
  loadDemoAdvertisers,
  type DemoAdvertiser,
  type DemoDefaultAdvertiser,
} from './demo-advertisers.ts';
import { loadDemoRouting, type DemoSmartlink } from './demo-routing.ts';
import { rebuildRollups } from './rollups.ts';

export interface DemoAffiliate {
  id: number;
  name: string;
  apiKey: string;
  postbackToken: string;
}

export interface DemoCampaign {
  id: number;
  name: string;
  offerUrl: string;
}

const AFFILIATES = ['Northwind Media', 'Blue Fox Deals', 'Coupon Harbor'];
const CAMPAIGNS = [
  {
    name: 'Acme VPN - Annual Plan',
    payout: '25.0000',
    currency: 'USD',
    amounts: [59.99, 79.99, 99],
  },
  { name: 'Globex Fitness Trial', payout: '8.5000', currency: 'EUR', amounts: [19.9, 29.9] },
  { name: 'Initech Cloud Storage', payout: '12.0000', currency: 'USD', amounts: [9.99, 49.99] },
];
const SUB1 = ['facebook', 'google', 'tiktok', 'newsletter', null];
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'CA', 'NL'];

// A small seeded generator so the demo looks the same on every machine.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function datetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * A few affiliates and campaigns and a few hundred clicks and conversions over the last
 * 30 days, written straight to MySQL with rollups rebuilt from them. These campaigns belong to
 * the default advertiser; the advertiser Acme Software brings its own two (demo-advertisers.ts).
 */
export async function loadDemoData(
  mysqlUrl: string,
  trackerSecret: string,
  offerBaseUrl: string,
  opts: { clicks?: number } = {},
): Promise<{
  affiliates: DemoAffiliate[];
  campaigns: DemoCampaign[];
  smartlinks: DemoSmartlink[];
  advertisers: DemoAdvertiser[];
  defaultAdvertiser: DemoDefaultAdvertiser;
}> {
  const conn = await mysql.createConnection({ uri: mysqlUrl });
  const rand = random(42);
  try {
    const affiliates: DemoAffiliate[] = [];
    for (const name of AFFILIATES) {
      const apiKey = `ak_${randomBytes(24).toString('base64url')}`;
      const hash = createHash('sha256').update(apiKey).digest('hex');
      const [res] = await conn.query<mysql.ResultSetHeader>(
        'INSERT INTO affiliates (name, api_key_hash) VALUES (?, ?)',
        [name, hash],
      );
      affiliates.push({
        id: res.insertId,
        name,
        apiKey,
        postbackToken: await postbackSecret(trackerSecret, res.insertId, 1),
      });
    }
    const campaigns: DemoCampaign[] = [];
    for (const c of CAMPAIGNS) {
      const offerUrl = `${offerBaseUrl}/offer?click_id={click_id}&affiliate_id={affiliate_id}&campaign_id={campaign_id}&sub1={sub1}`;
      const [res] = await conn.query<mysql.ResultSetHeader>(
        'INSERT INTO campaigns (name, offer_url, default_payout, currency) VALUES (?, ?, ?, ?)',
        [c.name, offerUrl, c.payout, c.currency],
      );
      campaigns.push({ id: res.insertId, name: c.name, offerUrl });
    }

    const now = Date.now();
    const clickRows: unknown[][] = [];
    const conversionRows: unknown[][] = [];
    for (let i = 0; i < (opts.clicks ?? 400); i++) {
      const affiliate = pick(rand, affiliates);
      const campaignIndex = Math.floor(rand() * campaigns.length);
      const campaign = campaigns[campaignIndex]!;
      const at = now - Math.floor(rand() * 30 * 86_400_000);
      const clickId = await generateClickId(trackerSecret, {
        affiliateId: affiliate.id,
        campaignId: campaign.id,
        clickedAt: new Date(at),
      });
      const unique = rand() > 0.15;
      clickRows.push([
        clickId,
        affiliate.id,
        campaign.id,
        pick(rand, SUB1),
        pick(rand, COUNTRIES),
        unique,
        'Mozilla/5.0 (demo)',
        datetime(at),
      ]);
      if (rand() < 0.12) {
        const spec = CAMPAIGNS[campaignIndex]!;
        const status = rand() < 0.75 ? 'approved' : rand() < 0.6 ? 'pending' : 'rejected';
        const convertedAt = Math.min(now, at + Math.floor(rand() * 3 * 86_400_000));
        // A pending one was reported with the affiliate's own secret and waits for review, as it would live.
        const pending = status === 'pending';
        conversionRows.push([
          clickId,
          affiliate.id,
          campaign.id,
          pick(rand, spec.amounts).toFixed(2),
          spec.payout,
          spec.currency,
          status,
          pending ? 'affiliate_reported' : null,
          pending ? 'affiliate' : 'advertiser',
          `tx_${i}`,
          datetime(convertedAt),
          datetime(convertedAt),
        ]);
      }
    }
    await conn.query(
      'INSERT INTO clicks (click_id, affiliate_id, campaign_id, sub1, country, is_unique, user_agent, timestamp) VALUES ?',
      [clickRows],
    );
    if (conversionRows.length) {
      await conn.query(
        'INSERT INTO conversions (click_id, affiliate_id, campaign_id, amount, payout, currency, status, reason, status_set_by, txid, timestamp, updated_at) VALUES ?',
        [conversionRows],
      );
    }
    const routing = await loadDemoRouting(conn, offerBaseUrl, campaigns);
    // After the older demo campaigns, so their ids (and the README's examples) stay as they were.
    const advertisers = await loadDemoAdvertisers(conn, trackerSecret, offerBaseUrl, affiliates);
    const defaultAdvertiser = await loadDefaultAdvertiser(conn, trackerSecret);
    await rebuildRollups(conn);
    return {
      affiliates,
      campaigns: [...campaigns, routing.campaign],
      smartlinks: [routing.smartlink],
      advertisers,
      defaultAdvertiser,
    };
  } finally {
    await conn.end();
  }
}
