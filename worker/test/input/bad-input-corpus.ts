import { beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, createAdvertiser, createAffiliate, createCampaign } from '../api.ts';
import { expectError } from '../security/error-shape.ts';
import { buildCases, endpoints, requestFor, unclassified, type Fixture } from './corpus.ts';
import { clickCounted } from '../db.ts';
import { watchWrites } from '../db-writes.ts';

/**
 * The corpus of bad requests, in `parts` files that run side by side (each with its own database):
 * part n takes every case whose index is n - 1 modulo parts.
 */
export function badInputCorpus(part: number, parts: number): void {
  let fixture: Fixture;

  beforeAll(async () => {
    const affiliate = await createAffiliate('Corpus partner');
    const spare = await createAffiliate('Corpus spare');
    const advertiser = await createAdvertiser('Corpus advertiser');
    const spareAdvertiser = await createAdvertiser('Corpus spare advertiser');
    const campaign = await createCampaign({
      name: 'Corpus campaign',
      advertiser_id: advertiser.id,
    });
    const spareCampaign = await createCampaign({ name: 'Corpus spare campaign' });
    const clickId = `corpus-click-${crypto.randomUUID().slice(0, 8)}`;
    const click = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    expect(click.status).toBe(200);
    // Each case compares row counts before and after: the click's rollup must have landed first.
    await clickCounted(clickId);
    fixture = {
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      apiKey: affiliate.apiKey,
      postbackToken: affiliate.postbackSecret,
      clickId,
      spareAffiliateId: spare.id,
      spareCampaignId: spareCampaign.id,
      advertiserId: advertiser.id,
      advertiserKey: advertiser.apiKey,
      spareAdvertiserId: spareAdvertiser.id,
    };
  });

  describe(`bad input corpus, part ${part} of ${parts}`, () => {
    const cases = buildCases();
    const mine = cases.filter((_, i) => i % parts === part - 1);

    it.runIf(part === 1)(
      'knows the kind of every documented parameter, and covers each with cases',
      () => {
        expect(unclassified).toEqual([]);
        for (const endpoint of endpoints) {
          for (const param of endpoint.params)
            expect(
              cases.some((c) => c.endpoint === endpoint && c.label.includes(` ${param.name} (`)),
              `${endpoint.name} ${param.name}`,
            ).toBe(true);
        }
        expect(endpoints.length).toBeGreaterThanOrEqual(15);
        expect(cases.length).toBeGreaterThan(300);
      },
    );

    it.each(mine.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
      const { path, init } = requestFor(c, fixture);
      const key = {
        admin: adminToken,
        affiliate: fixture.apiKey,
        advertiser: fixture.advertiserKey,
        none: undefined,
      }[c.endpoint.auth ?? 'none'];
      const writes = await watchWrites();
      const res = await api(path, { ...init, ...(key && { key }) });
      expect(res.status, `no 5xx: ${res.status}`).toBeLessThan(500);
      const body = await expectError(res, c.status);
      expect(body.error.message).toMatch(c.mentions);
      // The message must say what is wrong: a repeated parameter was given, a missing one was not.
      if (c.valueClass === 'repeated') expect(body.error.message).not.toMatch(/required/);
      if (c.valueClass === 'missing') expect(body.error.message).toMatch(/required/);
      expect(await writes.done()).toEqual([]);
    });
  });
}
