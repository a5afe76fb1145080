import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../api.ts';
import { db, eventually } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';
import { signatureHeader } from '../security/signing.ts';
import { withDatabaseFault } from './database-faults.ts';

// A vendor preset postback that meets a database outage is queued (202) like /postback, whatever
// the credential, and applied later with the status word read as its advertiser's status_map says.

let affiliate: TestAffiliate;
let advertiser: TestAdvertiser;
let campaignId: number;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('preset outage partner'));
  // This advertiser's "sale" is an unconfirmed sale: pending until it confirms it.
  advertiser = await createAdvertiser(unique('preset outage advertiser'), {
    status_map: { sale: 'pending' },
  });
  campaignId = (
    await createCampaign({
      name: unique('preset outage'),
      advertiser_id: advertiser.id,
      default_payout: '3',
    })
  ).id;
});

const gone = { fail: () => 'mysql-gone' as const };

async function click(): Promise<string> {
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&format=json`,
  );
  return (await json(res)).data.click_id as string;
}

async function storedStatus(clickId: string): Promise<string | undefined> {
  const { rows } = await db.execute(
    sql`SELECT status FROM conversions WHERE click_id = ${clickId}`,
  );
  return (rows[0] as { status: string } | undefined)?.status;
}

describe('a preset postback while the database is down', () => {
  it('with an apt_ token and a cold config cache is queued (202), then recorded with the status_map', async () => {
    const subid = await click();
    // Cold: no isolate or KV copy of the advertiser, so identifying the token needs the database.
    await env.TRACKING_CONFIG.delete(`advertiser:${advertiser.id}`);
    const query = queryString({ subid, status: 'sale', payout: '40', tid: unique('K') });
    const res = await withDatabaseFault(gone, () =>
      api(`/postback/keitaro?${query}&token=${advertiser.postbackToken}`),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    expect(
      await eventually(
        () => storedStatus(subid),
        (s) => s !== undefined,
      ),
    ).toBe('pending');
  });

  it('signed by the advertiser is queued, and its status word is read with the status_map when applied', async () => {
    const subid = await click();
    const query = queryString({ subid, status: 'sale', payout: '40', tid: unique('K') });
    const header = await signatureHeader(advertiser.signingSecret, {
      method: 'GET',
      path: '/postback/keitaro',
      payload: query,
    });
    const res = await withDatabaseFault(gone, () =>
      api(`/postback/keitaro?${query}`, { headers: { 'x-postback-signature': header } }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    expect(
      await eventually(
        () => storedStatus(subid),
        (s) => s !== undefined,
      ),
    ).toBe('pending');
  });
});
