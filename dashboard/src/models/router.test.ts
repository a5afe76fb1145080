import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { memoryHash } from '../test-support/fakes.ts';
import { createRouter, formatHash, parseHash } from './router.ts';

describe('router', () => {
  it('parses and formats #/page?query', () => {
    expect(parseHash('#/clicks?range=30d&affiliate=2')).toEqual({
      page: 'clicks',
      query: { range: '30d', affiliate: '2' },
    });
    expect(parseHash('')).toEqual({ page: 'overview', query: {} });
    expect(parseHash('#/nope')).toEqual({ page: 'overview', query: {} });
    expect(formatHash({ page: 'links', query: { affiliate: '3', empty: '' } })).toBe(
      '#/links?affiliate=3',
    );
  });

  it('keeps the query across pages and replaces history for query edits', () => {
    const port = memoryHash('#/overview?range=30d');
    const router = createRouter(port);
    router.go('clicks');
    expect(port.hash).toBe('#/clicks?range=30d');
    router.setQuery({ affiliate: '2', range: undefined });
    expect(port.hash).toBe('#/clicks?affiliate=2');
    expect(port.writes.map((w) => w.mode)).toEqual(['push', 'replace']);
    expect(router.href('links')).toBe('#/links?affiliate=2');
  });

  it("leaves a page's own keys behind when another page opens", () => {
    const port = memoryHash('#/campaigns?campaign=4&range=7d&affiliate=2');
    const router = createRouter(port);
    expect(router.href('campaigns')).toBe('#/campaigns?range=7d&affiliate=2');
    router.go('traffic');
    expect(port.hash).toBe('#/traffic?range=7d&affiliate=2');
  });

  it('follows the address bar, and ignores echoes of its own writes', () => {
    const port = memoryHash('#/overview');
    const router = createRouter(port);
    let runs = 0;
    effect(() => {
      void router.query.value;
      runs++;
    });
    router.go('conversions');
    expect(router.page.value).toBe('conversions');
    expect(runs).toBe(2);
    port.fire('#/links?range=today');
    expect(router.page.value).toBe('links');
    expect(router.query.value).toEqual({ range: 'today' });
  });
});
