import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { PostbackRequest } from '../api/client.ts';
import { ApiFailure } from '../api/failure.ts';
import type { ClickItem } from '../api/routes.ts';
import { fakeApi, flush } from '../test-support/fakes.ts';
import { sampleLinks } from '../test-support/samples.ts';
import { createLinks } from './links.ts';
import { createTestPostback } from './test-postback.ts';

const click = (click_id: string): ClickItem => ({
  id: 1,
  click_id,
  campaign_id: 1,
  created_at: '2026-11-24T00:00:00.000Z',
  sub1: null,
  sub2: null,
  sub3: null,
  sub4: null,
  sub5: null,
  country: null,
  device: null,
  os: null,
  variant_id: null,
  smartlink_id: null,
  is_unique: true,
});

async function setup(
  newest: ClickItem[],
  answer: (req: PostbackRequest) => Promise<unknown> = async () => ({
    success: true,
    message: 'Conversion tracked successfully',
    duplicate: false,
    status_changed: false,
  }),
) {
  const sent: PostbackRequest[] = [];
  const tracked: number[] = [];
  const api = fakeApi({
    links: async () => sampleLinks,
    clicks: async () => ({ success: true, data: newest, next_cursor: null }),
    trackClick: async (affiliateId, campaignId) => {
      tracked.push(campaignId);
      return {
        click_id: 'fresh-click',
        affiliate_id: affiliateId,
        campaign_id: campaignId,
        timestamp: '',
      };
    },
    postback: async (req) => {
      sent.push(req);
      return (await answer(req)) as never;
    },
  });
  const scope = { affiliateId: signal<number | null>(3) };
  const links = createLinks({ api, scope });
  links.load();
  await flush();
  return {
    sent,
    tracked,
    test: createTestPostback({ api, scope, links, today: () => '2026-11-24' }),
    links,
  };
}

describe('test postback', () => {
  it('uses the newest click and the affiliate’s token, as a test event (pending: the advertiser decides)', async () => {
    const { sent, test } = await setup([click('newest-click')]);
    await test.send();
    expect(sent[0]).toMatchObject({
      affiliate_id: 3,
      click_id: 'newest-click',
      amount: '10.00',
      event: 'test',
      token: 'pb_x',
    });
    expect(sent[0]).not.toHaveProperty('currency');
    expect(sent[0]).not.toHaveProperty('status');
    expect(sent[0]!.txid).toMatch(/^test-/);
    expect(test.result.value).toMatchObject({
      ok: true,
      clickId: 'newest-click',
      clickSource: 'your newest click',
    });
  });

  it('prefers a typed click id, and tracks a fresh click when there is none', async () => {
    const typed = await setup([click('newest-click')]);
    typed.test.clickId.value = ' my-click ';
    await typed.test.send();
    expect(typed.sent[0]!.click_id).toBe('my-click');

    const fresh = await setup([]);
    fresh.links.chooseCampaign(2);
    await fresh.test.send();
    expect(fresh.tracked).toEqual([2]);
    expect(fresh.test.result.value).toMatchObject({
      clickId: 'fresh-click',
      clickSource: 'a new test click on Globex Fitness',
    });
  });

  it('shows the API’s refusal as the error body it sent', async () => {
    const { test } = await setup([click('old-click')], () =>
      Promise.reject(
        new ApiFailure('attribution_window_expired', 'Click is older than 30 days', 422),
      ),
    );
    await test.send();
    expect(test.result.value).toEqual({
      ok: false,
      clickId: 'old-click',
      clickSource: 'your newest click',
      body: {
        success: false,
        error: { code: 'attribution_window_expired', message: 'Click is older than 30 days' },
      },
    });
    expect(test.sending.value).toBe(false);
  });
});
