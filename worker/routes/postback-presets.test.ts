import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { db } from '../test/db.ts';
import { unique } from '../test/security/requests.ts';

// Advertisers point their existing tracker's postback at /postback/{preset}, unchanged.
let affiliate: TestAffiliate;
let campaign: { id: number };
let token: string;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('preset'));
  campaign = await createCampaign({
    name: unique('Presets'),
    default_payout: '3',
    currency: 'USD',
  });
  token = await defaultAdvertiserToken();
});

async function click(): Promise<string> {
  const body = await json(
    await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`),
  );
  return body.data.click_id;
}

async function stored(clickId: string) {
  const { rows } = await db.execute(
    sql`SELECT amount, status, event, txid, payout FROM conversions WHERE click_id = ${clickId}`,
  );
  return rows as { amount: string; status: string; event: string; txid: string; payout: string }[];
}

describe('GET /postback/{preset} with real-looking URLs', () => {
  it('voluum: cid, payout as revenue, txid, et', async () => {
    const cid = await click();
    const res = await api(
      `/postback/voluum?cid=${cid}&payout=12.50&txid=VL-1&et=sale&token=${token}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
    expect(await stored(cid)).toEqual([
      { amount: '12.5000', status: 'approved', event: 'sale', txid: 'VL-1', payout: '3.0000' },
    ]);
  });

  it('keitaro: subid, status lead is pending, then sale approves; return= is the answer', async () => {
    const subid = await click();
    const lead = await api(
      `/postback/keitaro?subid=${subid}&status=lead&payout=40&tid=K-9&token=${token}&return=DONE`,
    );
    expect(await lead.text()).toBe('DONE');
    expect((await stored(subid))[0]!.status).toBe('pending');
    await api(`/postback/keitaro?subid=${subid}&status=sale&payout=40&tid=K-9&token=${token}`);
    expect((await stored(subid))[0]!.status).toBe('approved');
  });

  it('everflow: transaction_id, amount, adv_event_id', async () => {
    const tid = await click();
    expect(
      (
        await api(
          `/postback/everflow?transaction_id=${tid}&amount=99.99&adv_event_id=7&token=${token}`,
        )
      ).status,
    ).toBe(200);
    expect(await stored(tid)).toMatchObject([
      { amount: '99.9900', event: '7', status: 'approved' },
    ]);
  });

  it('affise: clickid, sum, action_id, goal, numeric status 3 rejects; answers its JSON status', async () => {
    const clickid = await click();
    const res = await api(
      `/postback/affise?clickid=${clickid}&sum=15&action_id=AF-1&goal=1&status=3&token=${token}`,
    );
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 1 });
    expect(await stored(clickid)).toMatchObject([
      { status: 'rejected', txid: 'AF-1', event: '1', amount: '15.0000' },
    ]);
  });

  it('redtrack: clickid, sum, type', async () => {
    const clickid = await click();
    expect(
      (await api(`/postback/redtrack?clickid=${clickid}&sum=5.5&type=Purchase&token=${token}`))
        .status,
    ).toBe(200);
    expect(await stored(clickid)).toMatchObject([{ amount: '5.5000', event: 'Purchase' }]);
  });

  it('binom: cnv_id, payout, cnv_status', async () => {
    const cnv = await click();
    expect(
      (await api(`/postback/binom?cnv_id=${cnv}&payout=8&cnv_status=approved&token=${token}`))
        .status,
    ).toBe(200);
    expect(await stored(cnv)).toMatchObject([{ amount: '8.0000', status: 'approved' }]);
  });
});

describe('refusals keep the vendor answer and a truthful status', () => {
  it('an unknown preset is a 400 listing the presets', async () => {
    const res = await api('/postback/tune?click_id=x');
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('voluum');
  });

  it('an unmappable status names the value and how to map it; nothing is written', async () => {
    const cid = await click();
    const res = await api(`/postback/redtrack?clickid=${cid}&sum=1&status=other&token=${token}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^ERROR: .*other.*status_map/);
    expect(await stored(cid)).toEqual([]);
  });

  it('a bad token is a 401 in the vendor answer', async () => {
    const cid = await click();
    const res = await api(
      `/postback/binom?cnv_id=${cid}&payout=8&token=apt_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
    );
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('ERROR: Invalid postback token');
  });
});
