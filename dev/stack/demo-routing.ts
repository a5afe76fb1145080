import type mysql from 'mysql2/promise';
import type { DemoCampaign } from './demo-data.ts';

export interface DemoSmartlink {
  id: number;
  name: string;
}

/**
 * A campaign whose German-speaking visitors get a 50/50 landing page split (everyone else the
 * default offer page), and a smartlink over it and the first demo campaign.
 * `npm run dev` honours an x-edge-country: DE header on tracking links, so both are easy to try locally.
 */
export async function loadDemoRouting(
  conn: mysql.Connection,
  offerBaseUrl: string,
  others: DemoCampaign[],
): Promise<{ campaign: DemoCampaign; smartlink: DemoSmartlink }> {
  const offer = (page: string) =>
    `${offerBaseUrl}/offer?click_id={click_id}&affiliate_id={affiliate_id}&campaign_id={campaign_id}&sub1={sub1}&lp=${page}`;
  const name = 'Umbrella Insurance - DACH split';
  const [res] = await conn.query<mysql.ResultSetHeader>(
    'INSERT INTO campaigns (name, offer_url, default_payout, currency, rule_version) VALUES (?, ?, ?, ?, 1)',
    [name, offer('default'), '15.0000', 'EUR'],
  );
  const rules = [
    {
      name: 'DACH 50/50',
      conditions: { country: ['DE', 'AT', 'CH'] },
      action: {
        type: 'landing',
        variants: [
          { id: 'dach-a', weight: 50, url: offer('a') },
          { id: 'dach-b', weight: 50, url: offer('b') },
        ],
      },
    },
  ];
  await conn.query(
    'INSERT INTO campaign_rule_versions (campaign_id, version, rules) VALUES (?, 1, ?)',
    [res.insertId, JSON.stringify(rules)],
  );
  const smartlinkName = 'Insurance and VPN';
  const entries = [
    { campaign_id: res.insertId, weight: 1 },
    ...others.slice(0, 1).map((c) => ({ campaign_id: c.id, weight: 1 })),
  ];
  const [link] = await conn.query<mysql.ResultSetHeader>(
    'INSERT INTO smartlinks (name, campaigns) VALUES (?, ?)',
    [smartlinkName, JSON.stringify(entries)],
  );
  return {
    campaign: { id: res.insertId, name, offerUrl: offer('default') },
    smartlink: { id: link.insertId, name: smartlinkName },
  };
}
