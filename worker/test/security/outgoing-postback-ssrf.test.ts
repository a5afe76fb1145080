import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  destinationPolicy,
  destinationProblem,
  OUTGOING_POSTBACK_HEADER,
} from '../../lib/postback-destination.ts';
import { api, createAffiliate, createCampaign, json } from '../api.ts';
import { db, eventually } from '../db.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

const patchUrl = (affiliate: { id: number; apiKey: string }, url: string) =>
  api(`/affiliates/${affiliate.id}`, {
    method: 'PATCH',
    key: affiliate.apiKey,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outgoing_postback_url: url }),
  });

const refusedEverywhere = [
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data/?c={click_id}'],
  ['metadata as a decimal number', 'http://2852039166/?c={click_id}'],
  ['metadata in hex', 'http://0xA9FEA9FE/?c={click_id}'],
  ['metadata in octal', 'http://0251.0376.0251.0376/?c={click_id}'],
  ['metadata as IPv4-mapped IPv6', 'http://[::ffff:169.254.169.254]/?c={click_id}'],
  ['a metadata host name', 'http://metadata.google.internal/computeMetadata/v1/?c={click_id}'],
  ['a single-label intranet name', 'http://metadata/?c={click_id}'],
  ['a private network address', 'http://10.0.0.5/pb?c={click_id}'],
  ['a home router', 'https://192.168.1.1/pb?c={click_id}'],
  ['carrier-grade NAT', 'http://100.64.0.1/pb?c={click_id}'],
  ['the unspecified address', 'http://0.0.0.0/pb?c={click_id}'],
  ['IPv6 unique local', 'http://[fd00::1]/pb?c={click_id}'],
  ['IPv6 link local', 'http://[fe80::1]/pb?c={click_id}'],
  ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/pb?c={click_id}'],
  [
    'this tracker (the request host)',
    'http://tracker.test/postback?click_id=loop{conversion_id}&txid=loop{conversion_id}',
  ],
  ['this tracker with a trailing dot', 'http://TRACKER.test./postback?click_id={click_id}'],
  ['a non-default port', 'https://affiliate.example:8443/pb?c={click_id}'],
  ['userinfo', 'https://user:secret@affiliate.example/pb?c={click_id}'],
] as const;

describe('1. outgoing postback URLs: self-loops and SSRF', () => {
  it.each(refusedEverywhere)('refuses %s when saved', async (_, url) => {
    const affiliate = await createAffiliate(unique('ssrf'));
    const body = await expectError(await patchUrl(affiliate, url), 400, 'bad_request');
    expect(body.error.issues?.[0]?.path).toBe('outgoing_postback_url');
    const created = await api('/affiliates', {
      method: 'POST',
      key: env.ADMIN_TOKEN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: unique('ssrf'), outgoing_postback_url: url }),
    });
    await expectError(created, 400, 'bad_request');
  });

  it('accepts public hosts and public addresses', async () => {
    const affiliate = await createAffiliate(unique('ssrf-ok'));
    for (const url of [
      'https://affiliate.example/pb?c={click_id}',
      'http://8.8.8.8/pb?c={click_id}',
      'https://[2606:4700::1111]/pb',
    ]) {
      expect((await patchUrl(affiliate, url)).status, url).toBe(200);
    }
  });

  it('refuses loopback in every spelling unless the admin allows it, then on any port', () => {
    const strict = destinationPolicy({});
    const demo = destinationPolicy({ ALLOW_LOOPBACK_POSTBACKS: 'true' });
    const loopbacks = [
      'http://127.0.0.1/',
      'http://127.0.0.1:8787/postback',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://017700000001/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://localhost/',
      'http://LOCALHOST./',
      'http://app.localhost/',
    ];
    for (const url of loopbacks) {
      expect(destinationProblem(url, strict), url).toMatch(/loopback/);
      expect(destinationProblem(url, demo), url).toBeUndefined();
    }
    // Allowing loopback allows neither private networks nor this tracker's own port.
    expect(destinationProblem('http://10.1.2.3/', demo)).toMatch(/non-public/);
    const self = destinationPolicy({
      ALLOW_LOOPBACK_POSTBACKS: 'true',
      PUBLIC_URL: 'http://127.0.0.1:8787',
    });
    expect(destinationProblem('http://127.0.0.1:8787/postback', self)).toMatch(/this tracker/);
    expect(destinationProblem('http://127.0.0.1:8790/advertiser', self)).toBeUndefined();
    expect(
      destinationProblem(
        'https://tracker.example.com/postback',
        destinationPolicy({ PUBLIC_URL: 'https://Tracker.Example.com' }),
      ),
    ).toMatch(/this tracker/);
    expect(
      destinationProblem(
        'https://pb.example:8443/',
        destinationPolicy({ POSTBACK_ALLOWED_PORTS: '8080, 8443' }),
      ),
    ).toBeUndefined();
  });

  it('checks the filled URL again at send time and never calls a refused one', async () => {
    const key = unique('sendtime');
    const affiliate = await createAffiliate(unique('send-time'), {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${key}?c={click_id}`,
    });
    const campaign = await createCampaign({ name: unique('send-time') });
    // Saved before the checks existed (or edited in the database): credentials in the URL.
    const withUserinfo = env.RECEIVER_URL.replace('http://', 'http://user:secret@');
    await db.execute(
      sql`UPDATE affiliates SET outgoing_postback_url = ${`${withUserinfo}/fail/0/${key}?c={click_id}`} WHERE id = ${affiliate.id}`,
    );
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${key}&format=json`,
    );
    const res = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${key}&token=${affiliate.postbackSecret}`,
    );
    expect(res.status).toBe(200);
    const attempts = await eventually(
      async () =>
        (
          await json(
            await api(`/affiliates/${affiliate.id}/outgoing-postbacks`, { key: affiliate.apiKey }),
          )
        ).data as { status_code: number | null; error: string | null }[],
      (d) => d.length >= 1,
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.status_code).toBeNull();
    expect(attempts[0]!.error).toMatch(/^refused: .*user name or password/);
    expect(await (await fetch(`${env.RECEIVER_URL}/log/${key}`)).json()).toEqual([]);
  });

  it('marks every outgoing postback, and /postback refuses a request carrying the mark', async () => {
    const key = unique('marker');
    const affiliate = await createAffiliate(unique('marker'), {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${key}?c={click_id}`,
    });
    const campaign = await createCampaign({ name: unique('marker') });
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${key}&format=json`,
    );
    expect(
      (
        await api(
          `/postback?affiliate_id=${affiliate.id}&click_id=${key}&token=${affiliate.postbackSecret}`,
        )
      ).status,
    ).toBe(200);
    const markers = await eventually(
      () => fetch(`${env.RECEIVER_URL}/markers/${key}`).then((r) => r.json() as Promise<string[]>),
      (m) => m.length >= 1,
    );
    expect(markers).toEqual(['1']);

    const looped = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${key}&txid=loop1&token=${affiliate.postbackSecret}`,
      {
        headers: { [OUTGOING_POSTBACK_HEADER]: '1' },
      },
    );
    const body = await expectError(looped, 403, 'forbidden');
    expect(body.error.message).toMatch(/outgoing postback/);
  });
});
