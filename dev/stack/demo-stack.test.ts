import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomDatabaseName } from '../mysql/database.ts';
import { type RunningDevStack, startDevStack } from './dev-run.ts';

let stack: RunningDevStack;
beforeAll(async () => {
  stack = await startDevStack(randomDatabaseName('tracker_dev_demo'));
}, 200_000);
afterAll(() => stack?.stop(), 60_000);

const admin = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(`${stack.facts.apiUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.facts.adminToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
  });
  const body = (await res.json()) as { data: T };
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBeLessThan(300);
  return body.data;
};

// A visitor following a tracking link lands on the demo advertiser's page; its form posts back.
async function landAndConvert(campaignId: number, affiliateId: number, amount: string) {
  const click = await fetch(`${stack.facts.apiUrl}/c/${campaignId}/${affiliateId}?sub1=demo`, {
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
      'accept-language': 'en',
    },
  });
  expect(click.status).toBe(302);
  const offer = new URL(click.headers.get('location')!);
  expect(offer.origin).toBe(stack.facts.advertiserUrl);
  const landing = await (await fetch(offer)).text();
  const clickId = offer.searchParams.get('click_id')!;
  return { landing, convert: () => convert(clickId, affiliateId, campaignId, amount) };
}

async function convert(clickId: string, affiliateId: number, campaignId: number, amount: string) {
  const res = await fetch(`${stack.facts.advertiserUrl}/convert`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      click_id: clickId,
      affiliate_id: String(affiliateId),
      campaign_id: String(campaignId),
      amount,
    }),
  });
  const html = await res.text();
  const outcome = /data-outcome="(\w+)"/.exec(html)?.[1];
  return { status: res.status, html, outcome };
}

describe('npm run dev', () => {
  it("prints every advertiser's postback URL as the API serves it, the default advertiser's included", async () => {
    const advertisers = await admin<{ id: number; postback_url: string }[]>('/advertisers');
    expect(advertisers.map((a) => a.id)).toEqual([1, 2]);
    for (const a of advertisers) {
      expect(stack.run.output()).toContain(`Postback URL  ${a.postback_url}`);
      expect(stack.facts.advertisers.find((f) => f.id === a.id)?.postbackUrl).toBe(a.postback_url);
    }
    // The default advertiser's API key works: it reads its own campaigns' review queue.
    const fallback = stack.facts.advertisers.find((a) => a.id === 1)!;
    const me = await fetch(`${stack.facts.apiUrl}/me`, {
      headers: { authorization: `Bearer ${fallback.apiKey}` },
    });
    expect(await me.json()).toMatchObject({ data: { role: 'advertiser', advertiser: { id: 1 } } });
  });
});

describe('the demo advertiser page', () => {
  it("approves a conversion on a EUR campaign in the campaign's currency, and never shows the payout", async () => {
    const eur = stack.facts.campaigns.find((c) => c.name === 'Globex Fitness Trial')!;
    const visit = await landAndConvert(eur.id, stack.facts.affiliates[0]!.id, '29.90');
    expect(visit.landing).toContain('Order amount (EUR)');
    const result = await visit.convert();
    expect(result.outcome).toBe('approved');
    expect(result.html).toContain('Approved: the network records the sale of 29.9 EUR');
    expect(result.html).not.toMatch(/payout|pay the affiliate|8\.50? EUR/);
    expect(result.html).not.toContain('currency_mismatch');
  });

  it('posts back with the token of an advertiser created while the stack runs, and shows no payout', async () => {
    const advertiser = await admin<{ id: number }>('/advertisers', {
      method: 'POST',
      body: JSON.stringify({ name: 'Initrode Games' }),
    });
    const campaign = await admin<{ id: number }>('/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Initrode - Season Pass',
        advertiser_id: advertiser.id,
        default_payout: '3.25',
        currency: 'USD',
        offer_url: `${stack.facts.advertiserUrl}/offer?click_id={click_id}&affiliate_id={affiliate_id}&campaign_id={campaign_id}`,
      }),
    });
    const visit = await landAndConvert(campaign.id, stack.facts.affiliates[1]!.id, '10');
    const result = await visit.convert();
    expect(result.outcome).toBe('approved');
    expect(result.html).toContain('Approved: the network records the sale of 10 USD');
    expect(result.html).not.toMatch(/payout|pay the affiliate|3\.25 USD/);
  });

  it('never shows success next to a refused postback', async () => {
    const [affiliate] = stack.facts.affiliates;
    const result = await convert('no-such-click', affiliate!.id, 1, '10');
    expect(result.outcome).toBe('failed');
    expect(result.html).toMatch(/HTTP 40\d/);
    expect(result.html).toContain('No conversion');
    expect(result.html).not.toMatch(/Thanks for your order|now shows in/);
  });

  it('refuses a bad amount out loud', async () => {
    const acme = stack.facts.advertisers.find((a) => a.id === 2)!;
    const visit = await landAndConvert(acme.campaignIds[0]!, stack.facts.affiliates[0]!.id, '-1');
    const result = await visit.convert();
    expect(result.outcome).toBe('failed');
    expect(result.html).toContain('bad_request');
  });

  it('says a conversion held for review is pending and not paid', async () => {
    const campaign = await admin<{ id: number }>('/campaigns', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Hooli Mail - Slow signups',
        default_payout: '2',
        min_ctit_seconds: 3600,
        offer_url: `${stack.facts.advertiserUrl}/offer?click_id={click_id}&affiliate_id={affiliate_id}&campaign_id={campaign_id}`,
      }),
    });
    const visit = await landAndConvert(campaign.id, stack.facts.affiliates[0]!.id, '10');
    const result = await visit.convert();
    expect(result.outcome).toBe('pending');
    expect(result.html).toContain('ctit_too_short');
    expect(result.html).toContain('not paid until reviewed');
    expect(result.html).not.toContain('Thanks for your order');
  });
});
