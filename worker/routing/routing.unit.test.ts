import { describe, expect, it } from 'vitest';
import { ruleProblems } from './check.ts';
import { landingTemplate, needsUserAgent, pickVariant, routeVisitor } from './evaluate.ts';
import { rulesBody, type Rule, type RuleSet, type Variant } from './schema.ts';
import { targetCountries } from './targeting.ts';
import { parseUserAgent } from './user-agent.ts';
import { primaryLanguage, Visitor } from './visitor.ts';

const UA = {
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  pixel:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
  galaxyTab:
    'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  linux: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  chromeos:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
};

const visitor = (
  over: Partial<{
    country: string | null;
    userAgent: string | null;
    acceptLanguage: string | null;
    sub: (string | null)[];
  }> = {},
) =>
  new Visitor({
    country: 'US',
    userAgent: UA.edge,
    acceptLanguage: 'en-US,en;q=0.9',
    sub: [null, null, null, null, null],
    ...over,
  });

const landing = (...variants: [string, number][]): Rule['action'] => ({
  type: 'landing',
  variants: variants.map(([id, weight]) => ({
    id,
    weight,
    url: `https://shop.example/${id}?c={click_id}`,
  })),
});

const rules = (list: unknown[]): Rule[] => rulesBody.parse({ rules: list }).rules;

describe('user agent traits (ua-parser-js)', () => {
  it.each([
    ['iphone', 'mobile', 'iOS', 'mobile safari'],
    ['ipad', 'tablet', 'iOS', 'mobile safari'],
    ['pixel', 'mobile', 'Android', 'chrome'],
    ['galaxyTab', 'tablet', 'Android', 'chrome'],
    ['edge', 'desktop', 'Windows', 'edge'],
    ['mac', 'desktop', 'macOS', 'safari'],
    ['linux', 'desktop', 'Linux', 'firefox'],
    ['chromeos', 'desktop', 'other', 'chrome'],
  ] as const)('%s: %s, %s, %s', (name, device, os, browser) => {
    expect(parseUserAgent(UA[name])).toEqual({ device, os, browser });
  });

  it('treats a missing user agent as a desktop on another system', () => {
    expect(parseUserAgent(null)).toEqual({ device: 'desktop', os: 'other', browser: '' });
  });

  it('reads the primary Accept-Language', () => {
    expect(primaryLanguage('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(primaryLanguage('  PT-br')).toBe('pt');
    expect(primaryLanguage('*')).toBeNull();
    expect(primaryLanguage(null)).toBeNull();
  });
});

describe('matching', () => {
  const set: RuleSet = {
    version: 3,
    rules: rules([
      { name: 'blocked', conditions: { country: ['KP'] }, action: { type: 'fallback' } },
      {
        name: 'fb ios',
        conditions: { os: ['iOS'], sub: [{ param: 'sub1', prefix: 'fb_' }] },
        action: landing(['fb-ios', 1]),
      },
      {
        name: 'german',
        conditions: { country: ['de', 'AT'], language: ['de'] },
        action: landing(['de', 1]),
      },
      { name: 'tablets', conditions: { device: ['tablet'] }, action: landing(['tab', 1]) },
      {
        name: 'edge',
        conditions: { browser: ['Edge'], sub: [{ param: 'sub2', equals: 'x' }] },
        action: landing(['edge', 1]),
      },
    ]),
  };
  const route = (v: Visitor) => routeVisitor(set, v, 'visitor-1', '2026-12-02');

  it('the first matching rule decides', () => {
    expect(route(visitor({ country: 'KP', userAgent: UA.iphone, sub: ['fb_1'] }))).toMatchObject({
      kind: 'fallback',
      ruleIndex: 0,
      ruleVersion: 3,
    });
    expect(route(visitor({ userAgent: UA.iphone, sub: ['fb_1'] })).variant?.id).toBe('fb-ios');
    expect(route(visitor({ country: 'AT', acceptLanguage: 'de-AT' })).variant?.id).toBe('de');
    expect(route(visitor({ userAgent: UA.ipad })).variant?.id).toBe('tab');
    expect(route(visitor({ sub: [null, 'x'] })).variant?.id).toBe('edge');
  });

  it('no match: the default offer URL, with the rule version', () => {
    expect(route(visitor({ userAgent: UA.iphone, sub: ['google'] }))).toEqual({
      ruleVersion: 3,
      ruleIndex: null,
      kind: 'default',
      variant: null,
    });
    expect(route(visitor({ country: 'AT', acceptLanguage: 'en' })).kind).toBe('default');
    expect(route(visitor({ country: null })).kind).toBe('default');
    expect(routeVisitor(null, visitor(), 'v', 'd')).toEqual({
      ruleVersion: null,
      ruleIndex: null,
      kind: 'default',
      variant: null,
    });
  });

  it('parses the user agent only when a rule gets as far as asking for it', () => {
    const countryOnly: RuleSet = {
      version: 1,
      rules: rules([{ name: 'us', conditions: { country: ['US'] }, action: landing(['us', 1]) }]),
    };
    const v = visitor();
    routeVisitor(countryOnly, v, 'k', 'd');
    expect(v.parsed).toBe(false);
    expect(needsUserAgent(countryOnly)).toBe(false);
    const w = visitor({ country: 'KP' });
    route(w);
    expect(w.parsed).toBe(false);
    const x = visitor({ country: 'FR' });
    route(x);
    expect(x.parsed).toBe(true);
    expect(needsUserAgent(set)).toBe(true);
  });
});

describe('weighted splits', () => {
  const variants: Variant[] = [
    { id: 'a', weight: 50, url: 'https://a.example/' },
    { id: 'b', weight: 30, url: 'https://b.example/' },
    { id: 'c', weight: 20, url: 'https://c.example/' },
    { id: 'off', weight: 0, url: 'https://off.example/' },
  ];

  it('over 10,000 visitors each share is within 2 percentage points of its weight', () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, off: 0 };
    for (let i = 0; i < 10_000; i++) {
      const visitorKey = crypto.randomUUID().replace(/-/g, '').slice(0, 32);
      counts[pickVariant(variants, 100, `${visitorKey}|2026-12-02|1|0`).id]! += 1;
    }
    expect(Math.abs(counts.a! / 100 - 50)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts.b! / 100 - 30)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts.c! / 100 - 20)).toBeLessThanOrEqual(2);
    expect(counts.off).toBe(0);
  });

  it('holds for sequential visitor keys too (hashes of similar strings spread evenly)', () => {
    const set: RuleSet = {
      version: 1,
      rules: rules([{ name: 'split', action: landing(['x', 1], ['y', 1]) }]),
    };
    let x = 0;
    for (let i = 0; i < 10_000; i++)
      if (routeVisitor(set, visitor(), `visitor-${i}`, '2026-12-02').variant!.id === 'x') x++;
    expect(Math.abs(x / 100 - 50)).toBeLessThanOrEqual(2);
  });

  it('the same visitor gets the same variant all day', () => {
    const set: RuleSet = {
      version: 1,
      rules: rules([{ name: 'split', action: landing(['x', 1], ['y', 1], ['z', 1]) }]),
    };
    for (let i = 0; i < 200; i++) {
      const first = routeVisitor(set, visitor(), `v${i}`, '2026-12-02').variant!.id;
      for (let j = 0; j < 3; j++)
        expect(routeVisitor(set, visitor(), `v${i}`, '2026-12-02').variant!.id).toBe(first);
    }
    const days = new Set(
      Array.from(
        { length: 30 },
        (_, d) =>
          routeVisitor(set, visitor(), 'v1', `2026-11-${String(d + 1).padStart(2, '0')}`).variant!
            .id,
      ),
    );
    expect(days.size).toBeGreaterThan(1);
  });
});

describe('deep links', () => {
  const variant: Variant = {
    id: 'app',
    weight: 1,
    url: 'https://shop.example/app?c={click_id}',
    ios_url: 'https://apps.apple.com/app/id123456?ct={click_id}',
    android_url: 'intent://open?c={click_id}#Intent;scheme=shop;package=com.shop.app;end',
  };
  it('picks the link for the visitor system, the web page elsewhere', () => {
    expect(landingTemplate(variant, visitor({ userAgent: UA.iphone }))).toBe(variant.ios_url);
    expect(landingTemplate(variant, visitor({ userAgent: UA.pixel }))).toBe(variant.android_url);
    expect(landingTemplate(variant, visitor({ userAgent: UA.mac }))).toBe(variant.url);
  });

  it.each([
    ['javascript', { ios_url: 'javascript:alert(1)' }],
    ['intent on iOS', { ios_url: 'intent://x#Intent;end' }],
    [
      'macro choosing the app',
      { android_url: 'market://details?id=x', ios_url: 'itms-apps://{sub1}/app' },
    ],
    ['data', { android_url: 'data:text/html,x' }],
  ])('refuses %s', (_label, links) => {
    const result = rulesBody.safeParse({
      rules: [{ name: 'r', action: { type: 'landing', variants: [{ ...variant, ...links }] } }],
    });
    expect(result.success).toBe(false);
  });
});

describe('rules that can never match, and weights', () => {
  const problems = (list: unknown[]) => ruleProblems(rules(list)).map((p) => p.message);

  it.each([
    [
      'an empty list',
      [{ name: 'none', conditions: { country: [] }, action: landing(['a', 1]) }],
      /rule 1 \(none\) can never match: its country list is empty/,
    ],
    [
      'after a catch-all',
      [
        { name: 'all', action: landing(['a', 1]) },
        { name: 'us', conditions: { country: ['US'] }, action: landing(['b', 1]) },
      ],
      /rule 2 \(us\) can never match: rule 1 \(all\) comes first/,
    ],
    [
      'covered by an earlier rule',
      [
        { name: 'eu', conditions: { country: ['DE', 'FR'] }, action: landing(['a', 1]) },
        {
          name: 'de mobile',
          conditions: { country: ['DE'], device: ['mobile'] },
          action: landing(['b', 1]),
        },
      ],
      /rule 2 \(de mobile\) can never match/,
    ],
    [
      'contradicting sub ids',
      [
        {
          name: 'subs',
          conditions: {
            sub: [
              { param: 'sub1', equals: 'a' },
              { param: 'sub1', equals: 'b' },
            ],
          },
          action: landing(['a', 1]),
        },
      ],
      /sub1 cannot equal both/,
    ],
    [
      'a sub that misses its prefix',
      [
        {
          name: 'subs',
          conditions: {
            sub: [
              { param: 'sub1', equals: 'gg' },
              { param: 'sub1', prefix: 'fb' },
            ],
          },
          action: landing(['a', 1]),
        },
      ],
      /does not start with/,
    ],
    [
      'weights summing to zero',
      [{ name: 'zero', action: landing(['a', 0], ['b', 0]) }],
      /rule 1 \(zero\): the variant weights must sum above zero/,
    ],
    [
      'a repeated variant id',
      [
        { name: 'r1', conditions: { country: ['US'] }, action: landing(['a', 1]) },
        { name: 'r2', action: landing(['a', 1]) },
      ],
      /variant id "a" is already used in rule 1/,
    ],
  ])('%s', (_label, list, message) => {
    expect(problems(list).join('\n')).toMatch(message);
  });

  it('accepts a sensible rule set', () => {
    expect(
      problems([
        { name: 'de', conditions: { country: ['DE'] }, action: landing(['de', 1]) },
        {
          name: 'mobile',
          conditions: { device: ['mobile'] },
          action: landing(['m1', 1], ['m2', 0]),
        },
        {
          name: 'fb',
          conditions: { sub: [{ param: 'sub1', prefix: 'fb' }] },
          action: { type: 'fallback' },
        },
      ]),
    ).toEqual([]);
  });
});

describe('targetCountries', () => {
  it('is null when visitors that no rule matches still reach the offer', () => {
    expect(targetCountries({ offerUrl: 'https://o.example/', rules: null })).toBeNull();
    expect(
      targetCountries({
        offerUrl: 'https://o.example/',
        rules: {
          version: 1,
          rules: rules([
            { name: 'us', conditions: { country: ['US'] }, action: landing(['a', 1]) },
          ]),
        },
      }),
    ).toBeNull();
  });

  it('lists the countries when everyone else goes to the fallback', () => {
    const geo = rules([
      { name: 'us', conditions: { country: ['US', 'CA'] }, action: landing(['a', 1]) },
      {
        name: 'de',
        conditions: { country: ['DE'], device: ['mobile'] },
        action: landing(['b', 1]),
      },
      { name: 'rest', action: { type: 'fallback' } },
    ]);
    expect(
      targetCountries({ offerUrl: 'https://o.example/', rules: { version: 1, rules: geo } }),
    ).toEqual(['CA', 'DE', 'US']);
    expect(
      targetCountries({ offerUrl: null, rules: { version: 1, rules: geo.slice(0, 2) } }),
    ).toEqual(['CA', 'DE', 'US']);
    expect(
      targetCountries({
        offerUrl: null,
        rules: {
          version: 1,
          rules: rules([
            { name: 'any', conditions: { device: ['mobile'] }, action: landing(['a', 1]) },
          ]),
        },
      }),
    ).toBeNull();
  });
});
