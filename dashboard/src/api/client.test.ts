import { describe, expect, it } from 'vitest';
import { createApiClient } from './client.ts';
import { describeFailure } from './failure.ts';

function recorder(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit; auth: string | null }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init, auth: new Headers(init.headers).get('authorization') });
    return respond(url, init);
  }) as typeof fetch;
  return { calls, fetcher };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

describe('api client', () => {
  it('fills typed paths and queries and sends the bearer key', async () => {
    const { calls, fetcher } = recorder(() => json({ success: true, data: [] }));
    const api = createApiClient('http://api.test/', () => 'ak_key_1234567890abcd', fetcher);
    await api.stats(7, 'sub1', { from: '2026-11-01', to: '2026-11-24' });
    await api.clicks(7, { from: '2026-11-01', to: '2026-11-24', cursor: null, limit: 25 });
    expect(calls.map((c) => c.url)).toEqual([
      'http://api.test/affiliates/7/stats?from=2026-11-01&to=2026-11-24&group_by=sub1',
      'http://api.test/affiliates/7/clicks?from=2026-11-01&to=2026-11-24&limit=25',
    ]);
    expect(calls.every((c) => c.auth === 'Bearer ak_key_1234567890abcd')).toBe(true);
  });

  it('checks a candidate key without the stored one, and keeps keys off the tracking endpoints', async () => {
    const { calls, fetcher } = recorder((url) =>
      url.includes('/me')
        ? json({ success: true, data: { role: 'admin', affiliate: null } })
        : json({ success: true, message: 'ok', duplicate: false, status_changed: false }),
    );
    const api = createApiClient('http://api.test', () => 'stored_key_123456789', fetcher);
    expect(await api.me('candidate_key_1234567')).toEqual({ role: 'admin', affiliate: null });
    await api.postback({
      affiliate_id: 1,
      click_id: 'c',
      amount: '1',
      currency: 'USD',
      event: 'test',
      txid: 't',
      token: 'pb',
    });
    expect(calls[0]!.auth).toBe('Bearer candidate_key_1234567');
    expect(calls[1]!.auth).toBeNull();
    expect(calls[1]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[1]!.init.body))).toMatchObject({ click_id: 'c', token: 'pb' });
  });

  it('turns error bodies, bad bodies and network failures into ApiFailure', async () => {
    const unauthorized = createApiClient(
      'http://api.test',
      () => 'k',
      recorder(() =>
        json(
          {
            success: false,
            error: { code: 'unauthorized', message: 'Invalid or revoked API key' },
          },
          401,
        ),
      ).fetcher,
    );
    await expect(unauthorized.me()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });

    const html = createApiClient(
      'http://api.test',
      () => 'k',
      recorder(() => new Response('<html>', { status: 502 })).fetcher,
    );
    await expect(html.affiliates()).rejects.toMatchObject({ code: 'bad_response', status: 502 });

    const down = createApiClient('http://api.test', () => 'k', (() =>
      Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch);
    const failure = await down.campaigns().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'network' });
    expect(describeFailure(failure, 'http://api.test')).toMatch(
      /Can't reach the tracking API at http:\/\/api.test/,
    );
  });

  it('downloads CSV as a Blob named by the API', async () => {
    const { calls, fetcher } = recorder(
      () =>
        new Response('id,click_id\r\n1,a\r\n', {
          headers: {
            'Content-Type': 'text/csv',
            'Content-Disposition': 'attachment; filename="clicks-7.csv"',
          },
        }),
    );
    const api = createApiClient('http://api.test', () => 'ak_key_1234567890abcd', fetcher);
    const file = await api.csv(7, 'clicks', { from: '2026-11-01', to: '2026-11-24' });
    expect(calls[0]!.url).toBe(
      'http://api.test/affiliates/7/clicks.csv?from=2026-11-01&to=2026-11-24',
    );
    expect(file.filename).toBe('clicks-7.csv');
    expect(await file.blob.text()).toBe('id,click_id\r\n1,a\r\n');
  });
});
