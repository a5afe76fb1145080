import { signal } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import { asFailure } from '../api/failure.ts';
import { addDays, todayUtc } from '../format/dates.ts';
import type { LinksModel } from './links.ts';
import type { Scope } from './scope.ts';

export interface TestPostbackResult {
  ok: boolean;
  clickId: string;
  /** Where the click id came from, said in words. */
  clickSource: string;
  /** The API's answer as it was sent. */
  body: unknown;
}

export type TestPostback = ReturnType<typeof createTestPostback>;

/**
 * "Send a test postback": records a conversion through POST /postback with the affiliate's own
 * token, on the given click, the newest click, or a click tracked just for the test.
 */
export function createTestPostback(deps: {
  api: Pick<ApiClient, 'clicks' | 'trackClick' | 'postback'>;
  scope: Pick<Scope, 'affiliateId'>;
  links: Pick<LinksModel, 'links' | 'chosen'>;
  today?: () => string;
}) {
  const today = deps.today ?? (() => todayUtc());
  const clickId = signal('');
  const amount = signal('10.00');
  // Empty: the campaign's own currency (another one would wait for review, unpriced).
  const currency = signal('');
  const sending = signal(false);
  const result = signal<TestPostbackResult | null>(null);

  async function pickClick(affiliateId: number): Promise<{ id: string; source: string }> {
    const typed = clickId.peek().trim();
    if (typed) return { id: typed, source: 'the click id you entered' };
    const recent = await deps.api.clicks(affiliateId, {
      from: addDays(today(), -29),
      to: today(),
      cursor: null,
      limit: 1,
    });
    const newest = recent.data[0];
    if (newest) return { id: newest.click_id, source: 'your newest click' };
    const campaign = deps.links.chosen.peek();
    if (!campaign) throw new Error('There is no active campaign to track a test click on.');
    const tracked = await deps.api.trackClick(affiliateId, campaign.campaign_id);
    return { id: tracked.click_id, source: `a new test click on ${campaign.campaign_name}` };
  }

  return {
    clickId,
    amount,
    currency,
    sending,
    result,
    // Action: send the test postback and keep the API's answer
    async send(): Promise<void> {
      const id = deps.scope.affiliateId.peek();
      const token = deps.links.links.data.peek()?.postback_secret;
      if (id === null || !token || sending.peek()) return;
      sending.value = true;
      result.value = null;
      let click = { id: '', source: '' };
      try {
        click = await pickClick(id);
        const body = await deps.api.postback({
          affiliate_id: id,
          click_id: click.id,
          amount: amount.peek().trim(),
          ...(currency.peek().trim() && { currency: currency.peek().trim().toUpperCase() }),
          // An affiliate's own secret records pending conversions only; the advertiser or the network decides them.
          event: 'test',
          txid: `test-${Date.now().toString(36)}`,
          token,
        });
        result.value = { ok: true, clickId: click.id, clickSource: click.source, body };
      } catch (err) {
        const failure = asFailure(err);
        const error = {
          code: failure.code,
          message: failure.message,
          ...(failure.issues.length && { issues: failure.issues }),
        };
        result.value = {
          ok: false,
          clickId: click.id,
          clickSource: click.source,
          body: { success: false, error },
        };
      } finally {
        sending.value = false;
      }
    },
  };
}
