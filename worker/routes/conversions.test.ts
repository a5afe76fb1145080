import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Conversion } from '../../drizzle/schema.ts';
import { api, asAdmin, createAffiliate, json, type TestAffiliate } from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';
import {
  advertiserCampaign,
  conversionRow,
  createAdvertiser,
  historyRows,
  insertConversion,
  minutesAgo,
  patchJson,
  postJson,
  rolledUp,
  type TestAdvertiser,
} from '../test/review/fixtures.ts';
import { expectError } from '../test/security/error-shape.ts';

let acme: TestAdvertiser;
let zenith: TestAdvertiser;
let idle: TestAdvertiser;
let acmeCampaign: number;
let acmeSecond: number;
let zenithCampaign: number;
let alpha: TestAffiliate;
let bravo: TestAffiliate;

beforeAll(async () => {
  [acme, zenith, idle] = await Promise.all([
    createAdvertiser(),
    createAdvertiser(),
    createAdvertiser(),
  ]);
  acmeCampaign = await advertiserCampaign(acme.id);
  acmeSecond = await advertiserCampaign(acme.id);
  zenithCampaign = await advertiserCampaign(zenith.id);
  [alpha, bravo] = await Promise.all([
    createAffiliate('Review alpha'),
    createAffiliate('Review bravo'),
  ]);
});

const ids = (body: { data: { id: number }[] }) => body.data.map((c) => c.id);

describe('GET /conversions', () => {
  let held: Conversion;
  let approved: Conversion;
  let capped: Conversion;
  let other: Conversion;
  let older: Conversion;

  beforeAll(async () => {
    held = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
      statusSetBy: 'rules',
      ctitSeconds: 3,
      timestamp: minutesAgo(10),
    });
    approved = await insertConversion({
      affiliateId: bravo.id,
      campaignId: acmeSecond,
      timestamp: minutesAgo(9),
      payoutRuleId: 7,
    });
    capped = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
      timestamp: minutesAgo(8),
    });
    other = await insertConversion({
      affiliateId: alpha.id,
      campaignId: zenithCampaign,
      status: 'pending',
      reason: 'suspicious_click',
      statusSetBy: 'rules',
      timestamp: minutesAgo(7),
    });
    older = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'duplicate_visitor',
      statusSetBy: 'rules',
      timestamp: '2026-06-15 12:00:00.000',
    });
  });

  it('shows the admin every advertiser, newest first, with every field', async () => {
    const body = await json(await asAdmin(`/conversions?affiliate_id=${alpha.id}`));
    expect(ids(body)).toEqual([other.id, capped.id, held.id]);
    expect(body.data.find((c: { id: number }) => c.id === held.id)).toEqual({
      id: held.id,
      click_id: held.clickId,
      affiliate_id: alpha.id,
      campaign_id: acmeCampaign,
      advertiser_id: acme.id,
      amount: 10,
      payout: 2,
      payout_rule_id: null,
      currency: 'USD',
      status: 'pending',
      reason: 'ctit_too_short',
      status_set_by: 'rules',
      event: 'conversion',
      txid: held.txid,
      ctit_seconds: 3,
      created_at: new Date(`${held.timestamp.replace(' ', 'T')}Z`).toISOString(),
      updated_at: new Date(`${held.updatedAt.replace(' ', 'T')}Z`).toISOString(),
    });
    expect(body.data.find((c: { id: number }) => c.id === other.id).advertiser_id).toBe(zenith.id);
    expect(body.next_cursor).toBeNull();
  });

  it("shows an advertiser its own campaigns' conversions across affiliates, and nothing of another advertiser", async () => {
    const body = await json(await api('/conversions', { key: acme.apiKey }));
    expect(ids(body)).toEqual([capped.id, approved.id, held.id]);
    expect(body.data.every((c: { advertiser_id: number }) => c.advertiser_id === acme.id)).toBe(
      true,
    );
    // Who sees what: an advertiser never sees what the network pays the affiliate.
    for (const row of body.data) {
      expect(Object.keys(row).sort()).toEqual([
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
      ]);
    }
    expect(JSON.stringify(body)).not.toContain('payout');
    const zenithView = await json(await api('/conversions', { key: zenith.apiKey }));
    expect(ids(zenithView)).toEqual([other.id]);
    // A campaign of another advertiser in the filter narrows to nothing rather than widening.
    expect(
      ids(
        await json(await api(`/conversions?campaign_id=${zenithCampaign}`, { key: acme.apiKey })),
      ),
    ).toEqual([]);
    expect(ids(await json(await api('/conversions', { key: idle.apiKey })))).toEqual([]);
  });

  it('is the review queue with status=pending, and filters by reason, campaign, affiliate, advertiser and dates', async () => {
    expect(ids(await json(await api('/conversions?status=pending', { key: acme.apiKey })))).toEqual(
      [held.id],
    );
    expect(
      ids(
        await json(
          await api('/conversions?status=rejected&reason=cap_reached', { key: acme.apiKey }),
        ),
      ),
    ).toEqual([capped.id]);
    expect(
      ids(await json(await api(`/conversions?campaign_id=${acmeSecond}`, { key: acme.apiKey }))),
    ).toEqual([approved.id]);
    expect(
      ids(await json(await api(`/conversions?affiliate_id=${bravo.id}`, { key: acme.apiKey }))),
    ).toEqual([approved.id]);
    expect(ids(await json(await asAdmin(`/conversions?advertiser_id=${zenith.id}`)))).toEqual([
      other.id,
    ]);
    expect(ids(await json(await asAdmin(`/conversions?advertiser_id=${idle.id}`)))).toEqual([]);
    expect(
      ids(
        await json(
          await api(`/conversions?advertiser_id=${acme.id}&status=pending`, { key: acme.apiKey }),
        ),
      ),
    ).toEqual([held.id]);
    // Older than the default 30 days: only with a range that covers it.
    expect(
      ids(
        await json(
          await api('/conversions?status=pending&from=2026-06-01&to=2026-06-30', {
            key: acme.apiKey,
          }),
        ),
      ),
    ).toEqual([older.id]);
    expect(
      ids(
        await json(await api('/conversions?from=2026-06-16&to=2026-06-30', { key: acme.apiKey })),
      ),
    ).toEqual([]);
  });

  it('pages with cursor and limit, each conversion once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const body = await json(await api(`/conversions?limit=1${query}`, { key: acme.apiKey }));
      seen.push(...ids(body));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([capped.id, approved.id, held.id]);
  });

  it("refuses an advertiser's filter by another advertiser, and affiliate keys", async () => {
    const refused = await expectError(
      await api(`/conversions?advertiser_id=${zenith.id}`, { key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(refused.error.message).toMatch(/advertiser_id/);
    const affiliate = await expectError(
      await api('/conversions', { key: alpha.apiKey }),
      403,
      'forbidden',
    );
    expect(affiliate.error.message).toMatch(/\/affiliates\/\{id\}\/conversions/);
    await expectError(await api('/conversions'), 401, 'unauthorized');
  });

  it.each([
    ['status', 'status=paid'],
    ['reason', 'reason=because'],
    ['campaign_id', 'campaign_id=0'],
    ['affiliate_id', 'affiliate_id=x'],
    ['advertiser_id', 'advertiser_id=-1'],
    ['limit', 'limit=501'],
    ['cursor', 'cursor=bm90LWEtY3Vyc29y'],
    ['from', 'from=2026-02-30'],
    ['from', 'from=2026-05-02&to=2026-05-01'],
  ])('refuses a bad %s (%s)', async (field, query) => {
    const body = await expectError(await asAdmin(`/conversions?${query}`), 400, 'bad_request');
    expect(body.error.message).toContain(field);
  });
});

describe('PATCH /conversions/{id}', () => {
  it('approves a held conversion for the owning advertiser: status, reason, history and rollup move together', async () => {
    const held = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'suspicious_click',
      statusSetBy: 'rules',
    });
    const res = await api(`/conversions/${held.id}`, {
      ...patchJson({ status: 'approved', note: 'Order confirmed\nby phone' }),
      key: acme.apiKey,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await json(res);
    expect(body.result).toBe('updated');
    expect(body.data).toMatchObject({
      id: held.id,
      status: 'approved',
      reason: 'manual',
      status_set_by: 'advertiser',
      advertiser_id: acme.id,
    });
    expect(body.data).not.toHaveProperty('payout');
    expect(body.data).not.toHaveProperty('payout_rule_id');
    const row = await conversionRow(held.id);
    expect(row).toMatchObject({ status: 'approved', reason: 'manual', statusSetBy: 'advertiser' });
    expect(row.updatedAt > held.updatedAt).toBe(true);
    expect(await historyRows(held.id)).toEqual([
      {
        from_status: 'pending',
        to_status: 'approved',
        reason: 'manual',
        note: 'Order confirmed\nby phone',
        credential_kind: 'advertiser',
      },
    ]);
    expect(await rolledUp(held, 'approved')).toBeGreaterThanOrEqual(1);
    const approvedBefore = await rolledUp(held, 'approved');
    const pendingBefore = await rolledUp(held, 'pending');
    // The admin rejects it again: the rollup cells follow.
    const back = await asAdmin(
      `/conversions/${held.id}`,
      patchJson({ status: 'rejected', reason: 'suspicious_click' }),
    );
    expect((await json(back)).data).toMatchObject({
      status: 'rejected',
      reason: 'suspicious_click',
      status_set_by: 'admin',
      payout: 2,
    });
    expect(await rolledUp(held, 'approved')).toBe(approvedBefore - 1);
    expect(await rolledUp(held, 'pending')).toBe(pendingBefore);
    expect(await rolledUp(held, 'rejected')).toBeGreaterThanOrEqual(1);
  });

  it("tells the affiliate's outgoing postback URL about the new status", async () => {
    const receiverKey = crypto.randomUUID();
    const listening = await createAffiliate('Review listener', {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${receiverKey}?cid={click_id}&status={status}&conv={conversion_id}`,
    });
    const held = await insertConversion({
      affiliateId: listening.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
      statusSetBy: 'rules',
    });
    expect(
      (
        await api(`/conversions/${held.id}`, {
          ...patchJson({ status: 'approved' }),
          key: acme.apiKey,
        })
      ).status,
    ).toBe(200);
    const received = await eventually(
      () =>
        fetch(`${env.RECEIVER_URL}/log/${receiverKey}`).then((r) => r.json() as Promise<string[]>),
      (urls) => urls.length > 0,
    );
    expect(received).toEqual([expect.stringContaining(`status=approved&conv=${held.id}`)]);
  });

  it('answers unchanged for the status it already has, writing nothing', async () => {
    const c = await insertConversion({ affiliateId: alpha.id, campaignId: acmeCampaign });
    const res = await api(`/conversions/${c.id}`, {
      ...patchJson({ status: 'approved', reason: 'manual' }),
      key: acme.apiKey,
    });
    const body = await json(res);
    expect(res.status).toBe(200);
    expect(body.result).toBe('unchanged');
    expect(await historyRows(c.id)).toEqual([]);
    expect((await conversionRow(c.id)).updatedAt).toBe(c.updatedAt);
  });

  it("records the network's confirmation of the status a conversion has, and it binds the advertiser", async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'rejected',
      reason: 'manual',
    });
    const res = await asAdmin(
      `/conversions/${c.id}`,
      patchJson({ status: 'rejected', reason: 'manual', note: 'Fraud confirmed by the network' }),
    );
    const body = await json(res);
    expect(res.status).toBe(200);
    expect(body.result).toBe('confirmed');
    expect(body.data).toMatchObject({ status: 'rejected', status_set_by: 'admin' });
    expect(await historyRows(c.id)).toEqual([
      {
        from_status: 'rejected',
        to_status: 'rejected',
        reason: 'manual',
        note: 'Fraud confirmed by the network',
        credential_kind: 'admin',
      },
    ]);
    await expectError(
      await api(`/conversions/${c.id}`, { ...patchJson({ status: 'approved' }), key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(await conversionRow(c.id)).toMatchObject({ status: 'rejected', statusSetBy: 'admin' });
  });

  it("hides another advertiser's conversion exactly like a missing one", async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: zenithCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const hidden = await expectError(
      await api(`/conversions/${c.id}`, { ...patchJson({ status: 'approved' }), key: acme.apiKey }),
      404,
      'not_found',
    );
    const missing = await expectError(
      await api('/conversions/9000000000', {
        ...patchJson({ status: 'approved' }),
        key: acme.apiKey,
      }),
      404,
      'not_found',
    );
    expect(hidden.error.message.replace(String(c.id), 'ID')).toBe(
      missing.error.message.replace('9000000000', 'ID'),
    );
    expect((await conversionRow(c.id)).status).toBe('pending');
  });

  it("never lets an advertiser override the network's decision; the admin may", async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'rejected',
      reason: 'manual',
      statusSetBy: 'admin',
    });
    const refused = await expectError(
      await api(`/conversions/${c.id}`, { ...patchJson({ status: 'approved' }), key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(refused.error.message).toMatch(/network/);
    expect(await conversionRow(c.id)).toMatchObject({ status: 'rejected', statusSetBy: 'admin' });
    const admin = await asAdmin(`/conversions/${c.id}`, patchJson({ status: 'approved' }));
    expect((await json(admin)).data).toMatchObject({ status: 'approved', status_set_by: 'admin' });
  });

  it('refuses affiliate keys, even on their own conversions', async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'affiliate_reported',
      statusSetBy: 'affiliate',
    });
    await expectError(
      await api(`/conversions/${c.id}`, {
        ...patchJson({ status: 'approved' }),
        key: alpha.apiKey,
      }),
      403,
      'forbidden',
    );
    expect((await conversionRow(c.id)).status).toBe('pending');
  });

  it.each([
    ['status', {}],
    ['status', { status: 'paid' }],
    ['status', { status: 1 }],
    ['reason', { status: 'approved', reason: 'because' }],
    ['reason', { status: 'approved', reason: 7 }],
    ['note', { status: 'approved', note: 'n'.repeat(501) }],
    ['note', { status: 'approved', note: 'bell \u0007' }],
    ['note', { status: 'approved', note: ['x'] }],
    ['payout', { status: 'approved', payout: 5 }],
  ])('refuses a bad %s and writes nothing: %j', async (field, body) => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const refused = await expectError(
      await asAdmin(`/conversions/${c.id}`, patchJson(body)),
      400,
      'bad_request',
    );
    expect(refused.error.message).toContain(field);
    expect(await conversionRow(c.id)).toEqual(c);
    expect(await historyRows(c.id)).toEqual([]);
  });

  it.each(['0', 'abc', '1.5', '99999999999999999'])('refuses the conversion id %s', async (id) => {
    const refused = await expectError(
      await asAdmin(`/conversions/${id}`, patchJson({ status: 'approved' })),
      400,
      'bad_request',
    );
    expect(refused.error.message).toContain('conversion_id');
  });
});

describe('POST /conversions/review', () => {
  it('reviews many at once and says what happened to each id', async () => {
    const pending = await Promise.all(
      [1, 2, 3].map((i) =>
        insertConversion({
          affiliateId: i === 3 ? bravo.id : alpha.id,
          campaignId: acmeCampaign,
          status: 'pending',
          reason: 'duplicate_visitor',
          statusSetBy: 'rules',
        }),
      ),
    );
    const already = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeSecond,
      status: 'rejected',
      reason: 'manual',
    });
    const locked = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'approved',
      statusSetBy: 'admin',
    });
    const foreign = await insertConversion({
      affiliateId: alpha.id,
      campaignId: zenithCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const ids = [...pending.map((c) => c.id), already.id, locked.id, foreign.id, 9_000_000_001];
    const res = await api('/conversions/review', {
      ...postJson({ ids, status: 'rejected', reason: 'duplicate_visitor', note: 'same visitor' }),
      key: acme.apiKey,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(res);
    expect(data.updated).toEqual(pending.map((c) => c.id));
    expect(data.unchanged).toEqual([already.id]);
    expect(data.not_found).toEqual([foreign.id, 9_000_000_001]);
    expect(data.refused).toEqual([
      { id: locked.id, reason: 'status_locked', message: expect.stringMatching(/network/) },
    ]);
    for (const c of pending) {
      expect(await conversionRow(c.id)).toMatchObject({
        status: 'rejected',
        reason: 'duplicate_visitor',
        statusSetBy: 'advertiser',
      });
      expect(await historyRows(c.id)).toEqual([
        {
          from_status: 'pending',
          to_status: 'rejected',
          reason: 'duplicate_visitor',
          note: 'same visitor',
          credential_kind: 'advertiser',
        },
      ]);
    }
    expect((await conversionRow(foreign.id)).status).toBe('pending');
    expect((await conversionRow(locked.id)).status).toBe('approved');
    // The rollup cells were recounted once at the end and agree with the rows.
    const day = pending[0]!.timestamp.slice(0, 10);
    const { rows } = await db.execute(
      sql`SELECT COUNT(*) AS n FROM conversions WHERE affiliate_id = ${alpha.id} AND campaign_id = ${acmeCampaign} AND status = 'rejected' AND timestamp >= ${day} AND timestamp < ${day} + INTERVAL 1 DAY`,
    );
    expect(await rolledUp(pending[0]!, 'rejected')).toBe(Number((rows[0] as { n: string }).n));
  });

  it("announces each change to the affiliates' outgoing postback URLs", async () => {
    const receiverKey = crypto.randomUUID();
    const listening = await createAffiliate('Bulk listener', {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${receiverKey}?status={status}&conv={conversion_id}`,
    });
    const held = await Promise.all(
      [1, 2].map(() =>
        insertConversion({
          affiliateId: listening.id,
          campaignId: acmeCampaign,
          status: 'pending',
          reason: 'suspicious_click',
        }),
      ),
    );
    const { data } = await json(
      await api('/conversions/review', {
        ...postJson({ ids: held.map((c) => c.id), status: 'approved' }),
        key: acme.apiKey,
      }),
    );
    expect(data.updated).toEqual(held.map((c) => c.id));
    const received = await eventually(
      () =>
        fetch(`${env.RECEIVER_URL}/log/${receiverKey}`).then((r) => r.json() as Promise<string[]>),
      (urls) => urls.length >= 2,
    );
    expect(received.map((u) => u.replace(/^.*\?/, '')).sort()).toEqual(
      held.map((c) => `status=approved&conv=${c.id}`).sort(),
    );
  });

  it("records the network's confirmations in bulk: history, note and a decision the advertiser cannot undo", async () => {
    const rejected = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'rejected',
      reason: 'manual',
    });
    const approved = await insertConversion({ affiliateId: bravo.id, campaignId: acmeCampaign });
    const res = await asAdmin(
      '/conversions/review',
      postJson({ ids: [rejected.id, approved.id], status: 'rejected', note: 'Batch 7 is fraud' }),
    );
    expect(res.status).toBe(200);
    expect((await json(res)).data).toMatchObject({
      updated: [approved.id],
      confirmed: [rejected.id],
      unchanged: [],
    });
    expect(await historyRows(rejected.id)).toEqual([
      {
        from_status: 'rejected',
        to_status: 'rejected',
        reason: 'manual',
        note: 'Batch 7 is fraud',
        credential_kind: 'admin',
      },
    ]);
    const again = await api('/conversions/review', {
      ...postJson({ ids: [rejected.id], status: 'approved' }),
      key: acme.apiKey,
    });
    expect((await json(again)).data.refused).toEqual([
      expect.objectContaining({ id: rejected.id, reason: 'status_locked' }),
    ]);
  });

  it('lets the admin review any advertiser, and takes exactly 500 ids', async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: zenithCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const ids = [c.id, ...Array.from({ length: 499 }, (_, i) => 8_000_000_000 + i)];
    const { data } = await json(
      await asAdmin('/conversions/review', postJson({ ids, status: 'approved' })),
    );
    expect(data.updated).toEqual([c.id]);
    expect(data.not_found).toHaveLength(499);
    expect(await conversionRow(c.id)).toMatchObject({
      status: 'approved',
      reason: 'manual',
      statusSetBy: 'admin',
    });
  });

  it.each([
    ['ids', { status: 'approved' }],
    ['ids', { ids: [], status: 'approved' }],
    ['ids', { ids: Array.from({ length: 501 }, (_, i) => i + 1), status: 'approved' }],
    ['ids', { ids: [5, 5], status: 'approved' }],
    ['ids', { ids: ['5'], status: 'approved' }],
    ['ids', { ids: [0], status: 'approved' }],
    ['ids', { ids: 5, status: 'approved' }],
    ['status', { ids: [5] }],
    ['status', { ids: [5], status: 'paid' }],
    ['reason', { ids: [5], status: 'approved', reason: 'because' }],
    ['note', { ids: [5], status: 'approved', note: 'n'.repeat(501) }],
    ['amount', { ids: [5], status: 'approved', amount: 1 }],
  ])('refuses a bad %s: %j', async (field, body) => {
    const before = await count('conversion_history');
    const refused = await expectError(
      await asAdmin('/conversions/review', postJson(body)),
      400,
      'bad_request',
    );
    expect(refused.error.message).toContain(field);
    expect(await count('conversion_history')).toBe(before);
  });

  it('refuses affiliate keys and missing keys', async () => {
    await expectError(
      await api('/conversions/review', {
        ...postJson({ ids: [1], status: 'approved' }),
        key: alpha.apiKey,
      }),
      403,
      'forbidden',
    );
    await expectError(
      await api('/conversions/review', postJson({ ids: [1], status: 'approved' })),
      401,
      'unauthorized',
    );
  });
});

describe('GET /conversions/{id}/history', () => {
  it('starts with the recording, derived from the conversion, when the status never changed', async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
      statusSetBy: 'rules',
    });
    const { data } = await json(await api(`/conversions/${c.id}/history`, { key: acme.apiKey }));
    expect(data).toEqual([
      {
        at: new Date(`${c.timestamp.replace(' ', 'T')}Z`).toISOString(),
        from_status: null,
        to_status: 'pending',
        reason: 'ctit_too_short',
        note: null,
        credential_kind: 'rules',
      },
    ]);
  });

  it('lists every change oldest first after the recording', async () => {
    const c = await insertConversion({
      affiliateId: alpha.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'suspicious_click',
      statusSetBy: 'rules',
    });
    await api(`/conversions/${c.id}`, {
      ...patchJson({ status: 'approved', note: 'looks fine' }),
      key: acme.apiKey,
    });
    await asAdmin(
      `/conversions/${c.id}`,
      patchJson({ status: 'rejected', reason: 'duplicate_visitor' }),
    );
    const { data } = await json(await asAdmin(`/conversions/${c.id}/history`));
    expect(
      data.map((e: Record<string, unknown>) => [
        e.from_status,
        e.to_status,
        e.reason,
        e.note,
        e.credential_kind,
      ]),
    ).toEqual([
      [null, 'pending', null, null, null],
      ['pending', 'approved', 'manual', 'looks fine', 'advertiser'],
      ['approved', 'rejected', 'duplicate_visitor', null, 'admin'],
    ]);
    expect(data[0].at).toBe(new Date(`${c.timestamp.replace(' ', 'T')}Z`).toISOString());
    expect(data[1].at <= data[2].at).toBe(true);
  });

  it("is 404 for another advertiser's conversion and for a missing one, 403 for affiliates", async () => {
    const c = await insertConversion({ affiliateId: alpha.id, campaignId: zenithCampaign });
    await expectError(
      await api(`/conversions/${c.id}/history`, { key: acme.apiKey }),
      404,
      'not_found',
    );
    await expectError(
      await api('/conversions/9000000000/history', { key: acme.apiKey }),
      404,
      'not_found',
    );
    await expectError(
      await api(`/conversions/${c.id}/history`, { key: alpha.apiKey }),
      403,
      'forbidden',
    );
    expect((await api(`/conversions/${c.id}/history`, { key: zenith.apiKey })).status).toBe(200);
  });
});

describe("an affiliate's own conversion list", () => {
  it('carries status and reason, in JSON and CSV', async () => {
    const held = await insertConversion({
      affiliateId: bravo.id,
      campaignId: acmeCampaign,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const { data } = await json(
      await api(`/affiliates/${bravo.id}/conversions`, { key: bravo.apiKey }),
    );
    const row = data.find((c: { id: number }) => c.id === held.id);
    expect(row).toMatchObject({ status: 'pending', reason: 'ctit_too_short', payout: 2 });
    // Who sees what: the seed's fields and its payout; no fraud signals, no advertiser.
    expect(Object.keys(row).sort()).toEqual([
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
    ]);
    const csv = await (
      await api(`/affiliates/${bravo.id}/conversions.csv`, { key: bravo.apiKey })
    ).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(-2)).toEqual(['txid', 'reason']);
    const line = lines.find((l) => l.startsWith(`${held.id},`))!.split(',');
    expect(line[columns.indexOf('status')]).toBe('"pending"');
    expect(line[columns.indexOf('reason')]).toBe('"ctit_too_short"');
  });
});

describe('a paused advertiser', () => {
  it('reads nothing with its key', async () => {
    const paused = await createAdvertiser(undefined, 'paused');
    await expectError(await api('/conversions', { key: paused.apiKey }), 401, 'unauthorized');
  });
});
