import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { fakeApi, flush } from '../test-support/fakes.ts';
import { sampleLinks } from '../test-support/samples.ts';
import { buildTrackingLink, createLinks } from './links.ts';

describe('tracking link builder', () => {
  it('appends the sub ids that are filled in, encoded', () => {
    expect(
      buildTrackingLink('https://t.example/c/1/3', {
        sub1: 'news letter',
        sub2: '',
        sub3: ' a&b ',
      }),
    ).toBe('https://t.example/c/1/3?sub1=news+letter&sub3=a%26b');
    expect(buildTrackingLink('https://t.example/c/1/3', {})).toBe('https://t.example/c/1/3');
  });

  it('builds the link for the chosen campaign', async () => {
    const links = createLinks({
      api: fakeApi({ links: async () => sampleLinks }),
      scope: { affiliateId: signal(3) },
    });
    const stop = links.activate();
    await flush();
    stop();
    expect(links.builtLink.value).toBe('https://t.example/c/1/3');
    links.chooseCampaign(2);
    links.setSub('sub1', 'tiktok');
    expect(links.builtLink.value).toBe('https://t.example/c/2/3?sub1=tiktok');
    expect(links.macros.value).toEqual([{ name: '{click_id}', meaning: 'The click id' }]);
  });
});
