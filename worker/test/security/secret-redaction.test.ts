import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logEvent, redact } from '../../lib/log.ts';
import { deferredPostback } from '../../queue/postbacks.ts';
import { queueNames } from '../../queue/index.ts';
import { api, createAffiliate, createCampaign } from '../api.ts';
import { count } from '../db.ts';
import { deliver } from '../idempotency/queue-harness.ts';
import { unique } from './requests.ts';

afterEach(() => vi.restoreAllMocks());

describe('7. postback secrets never reach logs or queue messages in clear', () => {
  it('redacts tokens, keys and URL passwords in every logged line', () => {
    const secret = 'pb_AbCdEfGhIjKlMnOpQrStUvWx';
    const samples = [
      `GET /postback?click_id=1&token=${secret}&amount=2`,
      JSON.stringify({ body: JSON.stringify({ token: secret }) }),
      `{"token": "${secret}"}`,
      `Authorization: Bearer ak_0123456789abcdefghijklmn`,
      'fetch failed: http://psdb:hunter2-password@127.0.0.1:3900/psdb',
      `unknown value ${secret}`,
    ];
    for (const text of samples) {
      const out = redact(text);
      expect(out, text).not.toMatch(/AbCdEfGh|0123456789abcdefghijklmn|hunter2/);
      expect(out, text).toContain('[redacted]');
    }
    expect(redact('click_id=abc&amount=1')).toBe('click_id=abc&amount=1');

    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => lines.push(line));
    logEvent('error', {
      msg: 'unhandled error',
      error: `Error: bad request /postback?token=${secret}`,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!).msg).toBe('unhandled error');
  });

  it('queues a reference instead of the token, which still authenticates the deferred postback', async () => {
    const affiliate = await createAffiliate(unique('deferred'));
    const campaign = await createCampaign({ name: unique('deferred') });
    const clickId = unique('deferred');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const input = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '3',
      token: affiliate.postbackSecret,
    };

    const message = await deferredPostback(
      env.TRACKER_SECRET,
      input,
      { token: affiliate.postbackSecret },
      new Date(),
    );
    expect(JSON.stringify(message)).not.toContain(affiliate.postbackSecret);
    expect(JSON.stringify(message)).not.toContain(affiliate.postbackSecret.slice(3, 15));

    const forged = await deferredPostback(
      env.TRACKER_SECRET,
      { ...input, token: 'pb_guess' },
      { token: 'pb_guess' },
      new Date(),
    );
    await deliver(queueNames.postbacks, [{ id: 'forged', body: forged }]);
    expect(await count('conversions', sql`click_id = ${clickId}`)).toBe(0);

    const result = await deliver(queueNames.postbacks, [{ id: 'real', body: message }]);
    expect(result.explicitAcks).toContain('real');
    expect(await count('conversions', sql`click_id = ${clickId}`)).toBe(1);
  });
});
