import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../api.ts';
import { count, db, eventually, storedPayout } from '../db.ts';
import { unique } from '../security/requests.ts';

// The payout is ours: computed by the campaign's rules at the moment of the conversion, stored with
// the rule that produced it, and never recomputed by a later rule change or status change.
let star: TestAffiliate;
let other: TestAffiliate;
let campaign: { id: number };
let token: string;

const put = (path: string, body: unknown) =>
  asAdmin(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function convert(
  affiliate: TestAffiliate,
  opts: { country?: string; event?: string; amount: string; txid?: string; status?: string },
) {
  const clickId = unique('pr');
  // The click's country comes from the edge (request.cf); the payout reads it from the stored click.
  const init = { cf: { country: opts.country ?? 'US' } } as RequestInit;
  expect(
    (
      await api(
        `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
        init,
      )
    ).status,
  ).toBeLessThan(300);
  await eventually(
    () => count('clicks', sql`click_id = ${clickId}`),
    (n) => n === 1,
  );
  const params = new URLSearchParams({
    affiliate_id: String(affiliate.id),
    click_id: clickId,
    amount: opts.amount,
    token,
    txid: opts.txid ?? 't1',
  });
  if (opts.event) params.set('event', opts.event);
  if (opts.status) params.set('status', opts.status);
  const res = await api(`/postback?${params}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const { data } = await json(res);
  // The advertiser's answer has no payout: the network's stored one is what these rules decide.
  return { clickId, data: { ...data, ...(await storedPayout(data.id)) } };
}

async function ruleIds(): Promise<Record<string, number>> {
  const body = await json(await asAdmin(`/campaigns/${campaign.id}/payout-rules`));
  const ids: Record<string, number> = {};
  for (const r of body.data.rules)
    ids[`${r.type}:${r.affiliate_id ?? '*'}:${r.country ?? '*'}:${r.event ?? '*'}`] = r.id;
  return ids;
}

beforeAll(async () => {
  star = await createAffiliate(unique('star'));
  other = await createAffiliate(unique('other'));
  campaign = await createCampaign({
    name: unique('Rules applied'),
    default_payout: '1',
    currency: 'USD',
  });
  token = await defaultAdvertiserToken();
  const res = await put(`/campaigns/${campaign.id}/payout-rules`, {
    rules: [
      { type: 'revshare', value: '30' },
      { type: 'revshare', value: '40', country: 'DE' },
      { type: 'cpa', value: '25', event: 'signup' },
      { type: 'cpa', value: '50', affiliate_id: star.id },
    ],
  });
  expect(res.status, await res.clone().text()).toBe(200);
});

describe('payout rules on real conversions', () => {
  it('pays the most specific matching rule and stores its id', async () => {
    const ids = await ruleIds();
    const base = await convert(other, { amount: '100.00' });
    expect(base.data).toMatchObject({ payout: 30, payout_rule_id: ids['revshare:*:*:*'] });
    const german = await convert(other, { amount: '100.00', country: 'DE' });
    expect(german.data).toMatchObject({ payout: 40, payout_rule_id: ids['revshare:*:DE:*'] });
    const signup = await convert(other, { amount: '100.00', country: 'DE', event: 'signup' });
    expect(signup.data).toMatchObject({ payout: 25, payout_rule_id: ids['cpa:*:*:signup'] });
    const starred = await convert(star, { amount: '100.00', country: 'DE', event: 'signup' });
    expect(starred.data).toMatchObject({ payout: 50, payout_rule_id: ids[`cpa:${star.id}:*:*`] });
  });

  it('rounds a RevShare exactly, to 4 places', async () => {
    const { clickId, data } = await convert(other, { amount: '33.3331' }); // 30% is 9.99993
    expect(data.payout).toBe(9.9999);
    const { rows } = await db.execute(
      sql`SELECT payout FROM conversions WHERE click_id = ${clickId}`,
    );
    expect((rows[0] as { payout: string }).payout).toBe('9.9999');
  });

  it('keeps past payouts when the rules change or the status changes', async () => {
    const before = await convert(other, { amount: '200.00', txid: 'keep', status: 'pending' });
    expect(before.data.payout).toBe(60);
    expect(
      (
        await put(`/campaigns/${campaign.id}/payout-rules`, {
          rules: [{ type: 'cpa', value: '5' }],
        })
      ).status,
    ).toBe(200);
    const params = new URLSearchParams({
      affiliate_id: String(other.id),
      click_id: before.clickId,
      txid: 'keep',
      status: 'approved',
      token,
    });
    const moved = await json(await api(`/postback?${params}`));
    expect(moved.status_changed).toBe(true);
    expect(await storedPayout(moved.data.id)).toMatchObject({
      payout: 60,
      payout_rule_id: before.data.payout_rule_id,
    });
    const after = await convert(other, { amount: '200.00' });
    expect(after.data.payout).toBe(5);
    // The retired rule still resolves for the old conversion.
    const { rows } = await db.execute(
      sql`SELECT retired_at FROM payout_rules WHERE id = ${before.data.payout_rule_id}`,
    );
    expect((rows[0] as { retired_at: string | null }).retired_at).not.toBeNull();
  });

  it("refuses to change the campaign's currency under its payout rules", async () => {
    const patch = (currency: string) =>
      asAdmin(`/campaigns/${campaign.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currency }),
      });
    const refused = await patch('EUR');
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.message).toContain('payout rules');
    expect((await put(`/campaigns/${campaign.id}/payout-rules`, { rules: [] })).status).toBe(200);
    expect((await patch('EUR')).status).toBe(200);
  });
});
