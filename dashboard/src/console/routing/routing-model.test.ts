import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseUserAgent } from '../../../../worker/routing/user-agent.ts';
import type { PreviewVisitor, RoutePreview, RoutingRules, Rule } from '../api.ts';
import { PREVIEW_DELAY_MS } from '../editor/preview.ts';
import {
  blankRoute,
  describeConditions,
  fieldsOfRoute,
  RoutingModel,
  ruleOf,
  visitorAgents,
} from './routing-model.ts';

const germanMobile: Rule = {
  name: 'DE mobile',
  conditions: {
    country: ['DE', 'AT'],
    device: ['mobile'],
    os: ['iOS', 'Android'],
    sub: [{ param: 'sub1', prefix: 'fb-' }],
  },
  action: {
    type: 'landing',
    variants: [
      {
        id: 'a',
        weight: 70,
        url: 'https://lp.example/a?c={click_id}',
        ios_url: 'itms-apps://apps.apple.com/app/id1?c={click_id}',
      },
      { id: 'b', weight: 30, url: 'https://lp.example/b' },
    ],
  },
};
const others: Rule = { name: 'Everyone else', conditions: {}, action: { type: 'fallback' } };

afterEach(() => void vi.useRealTimers());

describe('routing rules editor', () => {
  it('turns rules into text fields and back without losing a condition or a deep link', () => {
    expect(ruleOf(fieldsOfRoute(germanMobile))).toEqual(germanMobile);
    expect(ruleOf(fieldsOfRoute(others))).toEqual(others);
  });

  it('leaves an empty condition out, since an empty list would match no one', () => {
    const rule = ruleOf({
      ...blankRoute,
      name: ' Any ',
      countries: ' , ',
      variants: [
        { id: 'v1', weight: '1', url: 'https://lp.example', ios_url: '', android_url: '' },
      ],
    });
    expect(rule).toEqual({
      name: 'Any',
      conditions: {},
      action: { type: 'landing', variants: [{ id: 'v1', weight: 1, url: 'https://lp.example' }] },
    });
    expect(ruleOf({ ...blankRoute, countries: 'de at' }).conditions.country).toEqual(['DE', 'AT']);
  });

  it('says whom a rule matches in words', () => {
    expect(describeConditions(fieldsOfRoute(germanMobile))).toBe(
      'country DE, AT · mobile · iOS or Android · sub1 starts with "fb-"',
    );
    expect(describeConditions(fieldsOfRoute(others))).toBe('Everyone');
  });

  it('offers only visitors the edge can tell apart: each user agent parses to its device and system', () => {
    for (const [device, systems] of Object.entries(visitorAgents)) {
      for (const [os, ua] of Object.entries(systems))
        expect(parseUserAgent(ua), `${device} ${os}`).toMatchObject({ device, os });
    }
  });

  it('edits, reorders and saves the rules, then asks where the chosen visitor goes', async () => {
    vi.useFakeTimers();
    const saved: Rule[][] = [];
    const asked: PreviewVisitor[] = [];
    const answer = (rules: Rule[], version: number): RoutingRules => ({
      campaign_id: 4,
      version,
      rules,
      versions: [{ version, created_at: '2026-11-03T10:00:00.000Z' }],
    });
    const preview: RoutePreview = {
      rule_version: 2,
      rule: { index: 0, name: 'DE mobile' },
      action: 'landing',
      variant_id: 'a',
      url: 'https://lp.example/a',
      visitor: {
        country: 'DE',
        language: null,
        device: 'mobile',
        os: 'iOS',
        browser: 'mobile safari',
      },
      reasons: ['rule 1 (DE mobile) matched'],
    };
    const model = new RoutingModel(
      {
        routingRules: async () => answer([others], 1),
        saveRoutingRules: async (_id, rules) => (saved.push(rules), answer(rules, 2)),
        previewRoute: async (_id, visitor) => (asked.push(visitor), preview),
      },
      4,
      String,
    );
    await model.load();
    expect(asked).toEqual([{ country: 'US', user_agent: visitorAgents.mobile.iOS }]);
    model.add();
    const added = model.list.rows.value[1]!;
    model.set(added.key, 'name', 'DE desktop');
    model.set(added.key, 'countries', 'de');
    model.toggle(added.key, 'devices', 'desktop');
    model.toggle(added.key, 'systems', 'macOS');
    model.toggle(added.key, 'systems', 'Windows');
    model.setVariant(added.key, 0, 'url', 'https://lp.example/desk');
    model.list.move(added.key, -1);
    await model.save();
    expect(saved[0]!.map((r) => r.name)).toEqual(['DE desktop', 'Everyone else']);
    expect(saved[0]![0]!.conditions).toEqual({
      country: ['DE'],
      device: ['desktop'],
      os: ['Windows', 'macOS'],
    });
    expect(model.list.saved.value).toMatch(/version 2/);

    // A tablet has no Windows in the preview: the system follows the device.
    model.setVisitor({ device: 'desktop', os: 'Windows' });
    model.setVisitor({ device: 'tablet' });
    expect(model.visitor.value.os).toBe('iOS');
    // Half a country code is not asked.
    model.setVisitor({ country: 'D' });
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    const before = asked.length;
    model.setVisitor({ country: 'DE' });
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(asked.slice(before)).toEqual([{ country: 'DE', user_agent: visitorAgents.tablet.iOS }]);
    expect(model.preview.answer.value?.url).toBe('https://lp.example/a');
  });
});
