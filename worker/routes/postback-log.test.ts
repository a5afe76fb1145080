import { createScheduledController, env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { prunePostbackLog } from '../db/queries/postback-log.ts';
import { toMysqlDatetime } from '../db/time.ts';
import type { Bindings } from '../env.ts';
import worker from '../index.ts';
import { logPostbackAttempt, redactedParams, RefusedBudget } from '../postback-log/record.ts';
import type { PostbackLogMessage } from '../queue/messages.ts';
import { api, asAdmin, createAffiliate, json, type TestAffiliate } from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';
import { deliver } from '../test/idempotency/queue-harness.ts';
import {
  advertiserCampaign,
  createAdvertiser,
  type TestAdvertiser,
} from '../test/review/fixtures.ts';
import { expectError } from '../test/security/error-shape.ts';
import { unique } from '../test/security/requests.ts';

let acme: TestAdvertiser;
let zenith: TestAdvertiser;
let acmeCampaign: number;
let zenithCampaign: number;
let alpha: TestAffiliate;

beforeAll(async () => {
  [acme, zenith] = await Promise.all([createAdvertiser(), createAdvertiser()]);
  acmeCampaign = await advertiserCampaign(acme.id);
  zenithCampaign = await advertiserCampaign(zenith.id);
  alpha = await createAffiliate('Log partner');
});

function attempt(fields: Partial<PostbackLogMessage> = {}): PostbackLogMessage {
  return {
    receivedAt: new Date().toISOString(),
    outcome: 'created',
    httpStatus: 200,
    reason: null,
    message: null,
    credentialKind: 'advertiser',
    preset: null,
    clickId: unique('log-click'),
    advertiserId: acme.id,
    campaignId: acmeCampaign,
    affiliateId: alpha.id,
    conversionId: null,
    params: '{}',
    ...fields,
  };
}

let batchNo = 0;
// Hands the attempts to the worker's queue handler as one batch, as the Queues runtime would.
async function record(...messages: PostbackLogMessage[]): Promise<void> {
  const result = await deliver(
    'tracker-postback-log',
    messages.map((body) => ({ id: `log-${++batchNo}-${crypto.randomUUID()}`, body })),
  );
  expect(result.retryBatch.retry).toBe(false);
  expect(result.explicitAcks.length + (result.ackAll ? messages.length : 0)).toBeGreaterThanOrEqual(
    messages.length,
  );
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const clickIds = (body: { data: { click_id: string | null }[] }) =>
  body.data.map((e) => e.click_id);

describe('the postback log consumer', () => {
  it('records what the producer queues, through the real queue', async () => {
    const clickId = unique('queued-click');
    const pending: Promise<unknown>[] = [];
    logPostbackAttempt(
      env.POSTBACK_LOG_QUEUE,
      (p) => pending.push(p),
      attempt({ clickId, outcome: 'queued', httpStatus: 202 }),
    );
    await Promise.all(pending);
    const stored = await eventually(
      () => count('postback_log', sql`click_id = ${clickId}`),
      (n) => n === 1,
    );
    expect(stored).toBe(1);
  });

  it('writes a batch in one go, and bounds odd values instead of failing the batch', async () => {
    const clickId = unique('odd');
    await record(
      attempt({
        clickId,
        campaignId: null,
        advertiserId: null,
        message: 'm'.repeat(1000),
        reason: 'r'.repeat(100),
        preset: 'p'.repeat(40),
        credentialKind: 'k'.repeat(40),
        outcome: 'weird' as never,
        httpStatus: 70000,
        params: 'not json',
      }),
      attempt({ clickId, campaignId: null, receivedAt: 'yesterday', advertiserId: -4 as never }),
      'not an attempt' as never,
    );
    const { rows: found } = await db.execute(
      sql`SELECT outcome, http_status, CHAR_LENGTH(message) AS m, CHAR_LENGTH(reason) AS r, preset, credential_kind, params, advertiser_id FROM postback_log WHERE click_id = ${clickId} ORDER BY id`,
    );
    const rows = found as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect({ ...rows[0], m: Number(rows[0]!.m), r: Number(rows[0]!.r) }).toMatchObject({
      outcome: 'refused',
      http_status: 0,
      m: 300,
      r: 40,
      preset: 'p'.repeat(16),
      credential_kind: 'k'.repeat(16),
      params: '{}',
    });
    expect(rows[1]).toMatchObject({ outcome: 'created', advertiser_id: null });
  });
});

describe('GET /postback-log', () => {
  const ids = { created: '', refusedToken: '', refusedUnknown: '', zenith: '', upper: '' };

  beforeAll(async () => {
    ids.created = unique('pl-created');
    ids.refusedToken = unique('pl-bad-token');
    ids.refusedUnknown = unique('pl-unknown');
    ids.zenith = unique('pl-zenith');
    ids.upper = ids.created.toUpperCase();
    await record(
      attempt({
        clickId: ids.created,
        receivedAt: daysAgo(0.01),
        conversionId: 77,
        params: redactedParams({
          click_id: ids.created,
          amount: '49.90',
          token: 'apt_1_supersecretvalue',
          txid: 'order-1',
        }),
      }),
      attempt({
        clickId: ids.refusedToken,
        receivedAt: daysAgo(0.02),
        outcome: 'refused',
        httpStatus: 401,
        reason: 'bad_credential',
        message: 'Invalid postback token',
        credentialKind: 'none',
        params: redactedParams({
          click_id: ids.refusedToken,
          signature: 't=1,v1=abcdef',
          secret: 'aps_hidden',
        }),
      }),
      attempt({
        clickId: ids.refusedUnknown,
        receivedAt: daysAgo(0.03),
        outcome: 'refused',
        httpStatus: 404,
        reason: 'unknown_click',
        advertiserId: null,
        campaignId: null,
        affiliateId: null,
        credentialKind: 'none',
      }),
      attempt({
        clickId: ids.zenith,
        receivedAt: daysAgo(0.04),
        advertiserId: zenith.id,
        campaignId: zenithCampaign,
        preset: 'keitaro',
      }),
      attempt({ clickId: ids.upper, receivedAt: daysAgo(3) }),
    );
  });

  it('shows the admin every attempt, newest first, with its parameters as an object and secrets redacted', async () => {
    const res = await asAdmin(`/postback-log?affiliate_id=${alpha.id}&limit=500`);
    const text = await res.clone().text();
    const body = await json(res);
    const mine = body.data.filter((e: { click_id: string }) =>
      Object.values(ids).includes(e.click_id),
    );
    expect(mine.map((e: { click_id: string }) => e.click_id)).toEqual([
      ids.created,
      ids.refusedToken,
      ids.zenith,
      ids.upper,
    ]);
    expect(mine[0]).toEqual({
      id: expect.any(Number),
      received_at: expect.any(String),
      outcome: 'created',
      http_status: 200,
      reason: null,
      message: null,
      credential_kind: 'advertiser',
      preset: null,
      click_id: ids.created,
      advertiser_id: acme.id,
      campaign_id: acmeCampaign,
      affiliate_id: alpha.id,
      conversion_id: 77,
      params: { click_id: ids.created, amount: '49.90', token: '[redacted]', txid: 'order-1' },
    });
    expect(mine[1].params).toEqual({
      click_id: ids.refusedToken,
      signature: '[redacted]',
      secret: '[redacted]',
    });
    for (const secret of ['supersecretvalue', 'abcdef', 'aps_hidden'])
      expect(text).not.toContain(secret);
    // An attempt whose click was never identified is the admin's alone.
    const unknown = await json(await asAdmin(`/postback-log?click_id=${ids.refusedUnknown}`));
    expect(unknown.data).toHaveLength(1);
    expect(unknown.data[0]).toMatchObject({
      outcome: 'refused',
      reason: 'unknown_click',
      advertiser_id: null,
      http_status: 404,
    });
  });

  it('shows an advertiser only its own attempts', async () => {
    const acmeView = await json(await api('/postback-log?limit=500', { key: acme.apiKey }));
    expect(acmeView.data.every((e: { advertiser_id: number }) => e.advertiser_id === acme.id)).toBe(
      true,
    );
    expect(clickIds(acmeView)).toEqual(expect.arrayContaining([ids.created, ids.refusedToken]));
    expect(clickIds(acmeView)).not.toContain(ids.zenith);
    expect(clickIds(acmeView)).not.toContain(ids.refusedUnknown);
    const zenithView = await json(
      await api(`/postback-log?click_id=${ids.created}`, { key: zenith.apiKey }),
    );
    expect(zenithView.data).toEqual([]);
    expect(clickIds(await json(await api('/postback-log', { key: zenith.apiKey })))).toEqual([
      ids.zenith,
    ]);
  });

  it('filters by outcome, reason, click id (exactly), campaign, advertiser and dates', async () => {
    const scoped = `campaign_id=${acmeCampaign}`;
    expect(clickIds(await json(await asAdmin(`/postback-log?${scoped}&outcome=refused`)))).toEqual([
      ids.refusedToken,
    ]);
    expect(
      clickIds(await json(await asAdmin(`/postback-log?${scoped}&reason=bad_credential`))),
    ).toEqual([ids.refusedToken]);
    expect(clickIds(await json(await asAdmin(`/postback-log?click_id=${ids.created}`)))).toEqual([
      ids.created,
    ]);
    expect(clickIds(await json(await asAdmin(`/postback-log?click_id=${ids.upper}`)))).toEqual([
      ids.upper,
    ]);
    expect(
      clickIds(await json(await asAdmin(`/postback-log?campaign_id=${zenithCampaign}`))),
    ).toEqual([ids.zenith]);
    expect(clickIds(await json(await asAdmin(`/postback-log?advertiser_id=${zenith.id}`)))).toEqual(
      [ids.zenith],
    );
    expect(
      clickIds(
        await json(
          await api(`/postback-log?advertiser_id=${acme.id}&outcome=refused`, { key: acme.apiKey }),
        ),
      ),
    ).toEqual([ids.refusedToken]);
    const day = daysAgo(3).slice(0, 10);
    expect(
      clickIds(await json(await asAdmin(`/postback-log?${scoped}&from=${day}&to=${day}`))),
    ).toEqual([ids.upper]);
  });

  it('pages with cursor and limit, each attempt once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 6; page++) {
      const more: string = cursor ? `&cursor=${cursor}` : '';
      const body = await json(
        await api(
          `/postback-log?campaign_id=${acmeCampaign}&affiliate_id=${alpha.id}&limit=1${more}`,
          { key: acme.apiKey },
        ),
      );
      seen.push(
        ...clickIds(body).filter((id): id is string => Object.values(ids).includes(id ?? '')),
      );
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([ids.created, ids.refusedToken, ids.upper]);
  });

  it("refuses an advertiser's filter by another advertiser, affiliate keys and missing keys", async () => {
    const body = await expectError(
      await api(`/postback-log?advertiser_id=${zenith.id}`, { key: acme.apiKey }),
      403,
      'forbidden',
    );
    expect(body.error.message).toContain('advertiser_id');
    await expectError(await api('/postback-log', { key: alpha.apiKey }), 403, 'forbidden');
    await expectError(await api('/postback-log'), 401, 'unauthorized');
  });

  it.each([
    ['outcome', 'outcome=accepted'],
    ['reason', 'reason=because'],
    ['click_id', 'click_id=has%20space'],
    ['click_id', `click_id=${'c'.repeat(101)}`],
    ['campaign_id', 'campaign_id=0'],
    ['affiliate_id', 'affiliate_id=1.5'],
    ['advertiser_id', 'advertiser_id=abc'],
    ['limit', 'limit=501'],
    ['cursor', 'cursor=zzz'],
    ['to', 'to=2026-13-01'],
  ])('refuses a bad %s (%s)', async (field, query) => {
    const body = await expectError(await asAdmin(`/postback-log?${query}`), 400, 'bad_request');
    expect(body.error.message).toContain(field);
  });
});

describe('retention', () => {
  const at = (days: number) => toMysqlDatetime(new Date(Date.now() - days * 86_400_000));
  const insertAged = (clickId: string, days: number) =>
    db.execute(
      sql`INSERT INTO postback_log (received_at, outcome, http_status, credential_kind, click_id, params) VALUES (${at(days)}, 'refused', 401, 'none', ${clickId}, '{}')`,
    );

  it('the daily cron deletes entries older than POSTBACK_LOG_DAYS (30 by default) and keeps the rest', async () => {
    const tag = unique('ret');
    await insertAged(`${tag}-31d`, 31);
    await insertAged(`${tag}-45d`, 45);
    await insertAged(`${tag}-29d`, 29);
    await insertAged(`${tag}-now`, 0);
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date(), cron: '17 3 * * *' }),
      env as unknown as Bindings,
    );
    const left = await db.execute(
      sql`SELECT click_id FROM postback_log WHERE click_id LIKE ${`${tag}-%`} ORDER BY click_id`,
    );
    expect((left.rows as { click_id: string }[]).map((r) => r.click_id)).toEqual([
      `${tag}-29d`,
      `${tag}-now`,
    ]);
    // A shorter setting keeps less.
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date(), cron: '17 3 * * *' }),
      { ...(env as unknown as Bindings), POSTBACK_LOG_DAYS: '7' },
    );
    expect(await count('postback_log', sql`click_id LIKE ${`${tag}-%`}`)).toBe(1);
  });

  it('deletes in bounded chunks, at most so many per run', async () => {
    const tag = unique('chunk');
    for (let i = 0; i < 5; i++) await insertAged(`${tag}-${i}`, 400);
    const before = toMysqlDatetime(new Date(Date.now() - 399 * 86_400_000));
    expect(await prunePostbackLog(db, before, 2, 2)).toBe(4);
    expect(await count('postback_log', sql`click_id LIKE ${`${tag}-%`}`)).toBe(1);
    expect(await prunePostbackLog(db, before, 2, 2)).toBe(1);
    expect(await count('postback_log', sql`click_id LIKE ${`${tag}-%`}`)).toBe(0);
  });
});

describe('a flood of refused postbacks', () => {
  const sink = () => {
    const sent: PostbackLogMessage[] = [];
    return { sent, queue: { send: async (m: PostbackLogMessage) => void sent.push(m) } };
  };
  const refused = (advertiserId: number | null, i: number) =>
    attempt({
      outcome: 'refused',
      httpStatus: 401,
      reason: 'bad_credential',
      advertiserId,
      campaignId: null,
      clickId: `flood-${i}`,
    });

  it('records the first 60 refused per 10 s one by one, counts the rest, and always records accepted ones', async () => {
    let now = 0;
    const budget = new RefusedBudget(60, 10_000, () => now);
    const { sent, queue } = sink();
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++)
      logPostbackAttempt(queue, (p) => waits.push(p), refused(acme.id, i), budget);
    logPostbackAttempt(
      queue,
      (p) => waits.push(p),
      attempt({ clickId: 'accepted-in-flood' }),
      budget,
    );
    await Promise.all(waits);
    expect(sent).toHaveLength(61);
    expect(sent.filter((m) => m.outcome === 'refused')).toHaveLength(60);
    expect(sent.at(-1)?.clickId).toBe('accepted-in-flood');
    // Still inside the window: nothing more.
    now = 9_999;
    logPostbackAttempt(queue, (p) => waits.push(p), refused(zenith.id, 1000), budget);
    await Promise.all(waits);
    expect(sent).toHaveLength(61);
    // The window rolls: one summary per advertiser, then the new window records again.
    now = 10_000;
    logPostbackAttempt(queue, (p) => waits.push(p), refused(acme.id, 1001), budget);
    await Promise.all(waits);
    const summaries = sent.slice(61, -1);
    expect(summaries).toHaveLength(2);
    expect(summaries.find((m) => m.advertiserId === acme.id)).toMatchObject({
      outcome: 'refused',
      reason: 'refused',
      credentialKind: 'none',
      httpStatus: 401,
      params: '{}',
    });
    expect(summaries.find((m) => m.advertiserId === acme.id)?.message).toMatch(
      /^940 more refused postbacks not recorded/,
    );
    expect(summaries.find((m) => m.advertiserId === zenith.id)?.message).toMatch(
      /^1 more refused postbacks not recorded/,
    );
    expect(sent.at(-1)?.clickId).toBe('flood-1001');
  });

  it('lands the summary in the log, where the flooded advertiser reads it', async () => {
    let now = Date.now();
    const budget = new RefusedBudget(2, 10_000, () => now);
    const { sent, queue } = sink();
    for (let i = 0; i < 5; i++)
      logPostbackAttempt(queue, () => undefined, refused(zenith.id, i), budget);
    now += 20_000;
    logPostbackAttempt(
      queue,
      () => undefined,
      attempt({ advertiserId: zenith.id, campaignId: zenithCampaign }),
      budget,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.map((m) => m.outcome)).toEqual(['refused', 'refused', 'refused', 'created']);
    await record(...sent);
    const { data } = await json(await api('/postback-log?reason=refused', { key: zenith.apiKey }));
    expect(data.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^3 more refused postbacks not recorded/),
    ]);
  });
});
