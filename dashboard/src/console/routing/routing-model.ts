import { createModel, signal } from '@preact/signals';
import type { Device, OperatingSystem, SubParam } from '../../../../worker/routing/schema.ts';
import type { ConsoleApi, RoutingRules, Rule } from '../api.ts';
import { createEditableList } from '../editor/editable-list.ts';
import { createPreview } from '../editor/preview.ts';

export const DEVICES: readonly Device[] = ['mobile', 'tablet', 'desktop'];
export const SYSTEMS: readonly OperatingSystem[] = [
  'iOS',
  'Android',
  'Windows',
  'macOS',
  'Linux',
  'other',
];
export const SUBS: readonly SubParam[] = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'];

export interface SubDraft {
  param: SubParam;
  match: 'equals' | 'prefix';
  value: string;
}

export interface VariantDraft {
  id: string;
  weight: string;
  url: string;
  ios_url: string;
  android_url: string;
}

/** A routing rule as typed: lists as comma-separated text, nothing chosen meaning "any". */
export interface RouteDraft {
  key: number;
  name: string;
  countries: string;
  devices: Device[];
  systems: OperatingSystem[];
  browsers: string;
  languages: string;
  subs: SubDraft[];
  action: 'landing' | 'fallback';
  variants: VariantDraft[];
}

export type RouteFields = Omit<RouteDraft, 'key'>;

const words = (text: string): string[] | undefined => {
  const list = text.split(/[\s,]+/).filter(Boolean);
  return list.length ? list : undefined;
};

// Text that is not a number goes as it is, so the API refuses it by name.
const weightOf = (text: string): number =>
  /^\d+$/.test(text.trim()) ? Number(text) : (text.trim() as unknown as number);

export const blankVariant = (n: number): VariantDraft => ({
  id: `v${n}`,
  weight: '1',
  url: '',
  ios_url: '',
  android_url: '',
});

export const blankRoute: RouteFields = {
  name: '',
  countries: '',
  devices: [],
  systems: [],
  browsers: '',
  languages: '',
  subs: [],
  action: 'landing',
  variants: [blankVariant(1)],
};

export function fieldsOfRoute(rule: Rule): RouteFields {
  const c = rule.conditions;
  return {
    name: rule.name,
    countries: (c.country ?? []).join(', '),
    devices: [...(c.device ?? [])],
    systems: [...(c.os ?? [])],
    browsers: (c.browser ?? []).join(', '),
    languages: (c.language ?? []).join(', '),
    subs: (c.sub ?? []).map((s) => ({
      param: s.param,
      match: s.prefix !== undefined ? 'prefix' : 'equals',
      value: s.prefix ?? s.equals ?? '',
    })),
    action: rule.action.type,
    variants:
      rule.action.type === 'landing'
        ? rule.action.variants.map((v) => ({
            id: v.id,
            weight: String(v.weight),
            url: v.url,
            ios_url: v.ios_url ?? '',
            android_url: v.android_url ?? '',
          }))
        : [blankVariant(1)],
  };
}

/** What PUT takes: a condition left empty is not sent (it would match no one), so it means "any". */
export function ruleOf(d: RouteFields): Rule {
  const conditions: Rule['conditions'] = {
    ...(words(d.countries) ? { country: words(d.countries)!.map((c) => c.toUpperCase()) } : {}),
    ...(d.devices.length ? { device: d.devices } : {}),
    ...(d.systems.length ? { os: d.systems } : {}),
    ...(words(d.browsers) ? { browser: words(d.browsers) } : {}),
    ...(words(d.languages) ? { language: words(d.languages) } : {}),
    ...(d.subs.length ? { sub: d.subs.map((s) => ({ param: s.param, [s.match]: s.value })) } : {}),
  };
  return {
    name: d.name.trim(),
    conditions,
    action:
      d.action === 'fallback'
        ? { type: 'fallback' }
        : {
            type: 'landing',
            variants: d.variants.map((v) => ({
              id: v.id.trim(),
              weight: weightOf(v.weight),
              url: v.url.trim(),
              ...(v.ios_url.trim() ? { ios_url: v.ios_url.trim() } : {}),
              ...(v.android_url.trim() ? { android_url: v.android_url.trim() } : {}),
            })),
          },
  };
}

/** "Country DE, AT · mobile · iOS", or "Everyone" for a rule without conditions. */
export function describeConditions(d: RouteFields): string {
  const parts = [
    words(d.countries) && `country ${words(d.countries)!.join(', ').toUpperCase()}`,
    d.devices.length && d.devices.join(' or '),
    d.systems.length && d.systems.join(' or '),
    words(d.browsers) && `browser ${words(d.browsers)!.join(', ')}`,
    words(d.languages) && `language ${words(d.languages)!.join(', ')}`,
    ...d.subs.map((s) => `${s.param} ${s.match === 'equals' ? '=' : 'starts with'} "${s.value}"`),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Everyone';
}

// A real user agent for each device and system the preview offers; the API parses it as the edge would.
export const visitorAgents: Record<Device, Partial<Record<OperatingSystem, string>>> = {
  mobile: {
    iOS: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    Android:
      'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    other: 'Mozilla/5.0 (Mobile; Nokia 8000 4G; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5.4',
  },
  tablet: {
    iOS: 'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    Android:
      'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  },
  desktop: {
    Windows:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    macOS:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    Linux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    other: 'Mozilla/5.0 (X11; FreeBSD amd64; rv:133.0) Gecko/20100101 Firefox/133.0',
  },
};

export const systemsFor = (device: Device): OperatingSystem[] =>
  SYSTEMS.filter((os) => visitorAgents[device][os]);

export interface VisitorDraft {
  country: string;
  device: Device;
  os: OperatingSystem;
}

/** A campaign's routing rules (tried in order, the first match decides) and the visitor preview. */
export const RoutingModel = createModel(
  (
    api: Pick<ConsoleApi, 'routingRules' | 'saveRoutingRules' | 'previewRoute'>,
    campaignId: number,
    fail: (err: unknown) => string,
  ) => {
    const list = createEditableList<RoutingRules, RouteDraft>({
      fetch: () => api.routingRules(campaignId),
      store: (rows) => api.saveRoutingRules(campaignId, rows.map(ruleOf)),
      rowsOf: (answer) => answer.rules.map(fieldsOfRoute),
      fail,
    });
    const visitor = signal<VisitorDraft>({ country: 'US', device: 'mobile', os: 'iOS' });
    const preview = createPreview(() => {
      const v = visitor.peek();
      return api.previewRoute(campaignId, {
        ...(v.country.trim() ? { country: v.country.trim().toUpperCase() } : {}),
        user_agent: visitorAgents[v.device][v.os],
      });
    }, fail);

    const change = (key: number, edit: (r: RouteDraft) => Partial<RouteFields>) =>
      list.update(key, (r) => ({ ...r, ...edit(r) }));

    return {
      list,
      visitor,
      preview,
      async load(): Promise<void> {
        await list.load();
        if (list.answer.peek()) await preview.run();
      },
      add: () =>
        list.add({
          ...blankRoute,
          name: `Rule ${list.rows.peek().length + 1}`,
          variants: [blankVariant(1)],
        }),
      set: <K extends keyof RouteFields>(key: number, field: K, value: RouteFields[K]) =>
        change(key, () => ({ [field]: value })),
      // Action: tick or untick a device or system
      toggle: (key: number, field: 'devices' | 'systems', value: string) =>
        change(key, (r) => {
          const current = r[field] as string[];
          const next = current.includes(value)
            ? current.filter((v) => v !== value)
            : [...current, value];
          return {
            [field]:
              field === 'devices'
                ? DEVICES.filter((d) => next.includes(d))
                : SYSTEMS.filter((s) => next.includes(s)),
          };
        }),
      addVariant: (key: number) =>
        change(key, (r) => ({ variants: [...r.variants, blankVariant(r.variants.length + 1)] })),
      removeVariant: (key: number, index: number) =>
        change(key, (r) => ({ variants: r.variants.filter((_, i) => i !== index) })),
      setVariant: (key: number, index: number, field: keyof VariantDraft, value: string) =>
        change(key, (r) => ({
          variants: r.variants.map((v, i) => (i === index ? { ...v, [field]: value } : v)),
        })),
      addSub: (key: number) =>
        change(key, (r) => ({ subs: [...r.subs, { param: 'sub1', match: 'equals', value: '' }] })),
      removeSub: (key: number, index: number) =>
        change(key, (r) => ({ subs: r.subs.filter((_, i) => i !== index) })),
      setSub: (key: number, index: number, patch: Partial<SubDraft>) =>
        change(key, (r) => ({
          subs: r.subs.map((s, i) => (i === index ? { ...s, ...patch } : s)),
        })),
      // Action: choose the visitor (a system the device does not have becomes the device's first); the answer follows
      setVisitor: (patch: Partial<VisitorDraft>) => {
        const next = { ...visitor.peek(), ...patch };
        if (!visitorAgents[next.device][next.os]) next.os = systemsFor(next.device)[0]!;
        visitor.value = next;
        // A country is asked once both letters are in.
        if (next.country.trim().length === 1) preview.cancel();
        else preview.later();
      },
      async save(): Promise<void> {
        await list.save(
          (answer) => `Saved as version ${answer.version}. Tracking links use it within a minute.`,
        );
        if (!list.saveError.peek()) await preview.run();
      },
    };
  },
);

export type RoutingEditor = InstanceType<typeof RoutingModel>;
