import { z } from '@hono/zod-openapi';
import { isHttpUrlTemplate } from '../lib/macros.ts';

export const DEVICES = ['mobile', 'tablet', 'desktop'] as const;
export const OPERATING_SYSTEMS = ['iOS', 'Android', 'Windows', 'macOS', 'Linux', 'other'] as const;
export const SUB_PARAMS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export const MAX_RULES = 100;

export type Device = (typeof DEVICES)[number];
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];
export type SubParam = (typeof SUB_PARAMS)[number];

const list = <T extends z.ZodType>(item: T, name: string) =>
  z
    .array(item, { error: `${name} must be a list` })
    .max(300, `${name} has more than 300 entries`)
    .optional();

const countryCode = z
  .string({ error: 'a country must be a 2-letter code' })
  .regex(
    /^[A-Za-z][A-Za-z0-9]$/,
    'a country must be an ISO 3166-1 alpha-2 code such as US (or T1 for Tor)',
  )
  .transform((s) => s.toUpperCase());

const languageCode = z
  .string({ error: 'a language must be a code' })
  .regex(/^[A-Za-z]{2,3}$/, 'a language must be a primary language subtag such as en or de')
  .transform((s) => s.toLowerCase());

const browserName = z
  .string({ error: 'a browser must be a name' })
  .min(1, 'a browser name must not be empty')
  .max(40, 'a browser name must be at most 40 characters')
  .regex(/^[\x20-\x7E]+$/, 'a browser name must be printable ASCII')
  .transform((s) => s.toLowerCase());

const subCondition = z
  .strictObject({
    param: z.enum(SUB_PARAMS, { error: 'param must be sub1..sub5' }),
    equals: z.string().max(255, 'equals must be at most 255 characters').optional(),
    prefix: z
      .string()
      .min(1, 'prefix must not be empty')
      .max(255, 'prefix must be at most 255 characters')
      .optional(),
  })
  .refine(
    (s) => (s.equals === undefined) !== (s.prefix === undefined),
    'a sub condition takes exactly one of equals or prefix',
  );

export const conditionsSchema = z.strictObject({
  country: list(countryCode, 'country'),
  device: list(z.enum(DEVICES, { error: `device must be one of ${DEVICES.join(', ')}` }), 'device'),
  os: list(
    z.enum(OPERATING_SYSTEMS, { error: `os must be one of ${OPERATING_SYSTEMS.join(', ')}` }),
    'os',
  ),
  browser: list(browserName, 'browser'),
  language: list(languageCode, 'language'),
  sub: list(subCondition, 'sub'),
});

// Web links use the offer URL rules; app links may use the stores' and Android's own schemes.
const DEEP_LINK_SCHEMES = {
  ios_url: ['https:', 'http:', 'itms-apps:'],
  android_url: ['https:', 'http:', 'market:', 'intent:'],
} as const;

const CONTROL_OR_SPACE = /[\x00-\x20\x7F]/;

function isDeepLinkTemplate(template: string, schemes: readonly string[]): boolean {
  if (CONTROL_OR_SPACE.test(template)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(template)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) return false;
  if (scheme === 'https:' || scheme === 'http:') return isHttpUrlTemplate(template);
  // A macro before the query could choose the app or host: only the query may carry them.
  const query = template.indexOf('?');
  const firstMacro = template.search(/\{[a-z0-9_]+\}/);
  return firstMacro === -1 || (query !== -1 && firstMacro > query);
}

const macroHelp = 'macros {click_id}, {affiliate_id}, {campaign_id}, {sub1}..{sub5} are filled in';

const landingUrl = z
  .string({ error: 'url must be a URL' })
  .max(2048, 'url must be at most 2048 characters')
  .refine(
    isHttpUrlTemplate,
    `url must be an http(s) URL whose host no macro can change; ${macroHelp}`,
  );

const deepLink = (name: keyof typeof DEEP_LINK_SCHEMES) =>
  z
    .string({ error: `${name} must be a URL` })
    .max(2048, `${name} must be at most 2048 characters`)
    .refine(
      (url) => isDeepLinkTemplate(url, DEEP_LINK_SCHEMES[name]),
      `${name} must use ${DEEP_LINK_SCHEMES[name].join(' ')}, with macros only in the query`,
    )
    .optional();

export const variantSchema = z.strictObject({
  id: z
    .string({ error: 'variant id must be text' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'variant id must be 1-64 letters, digits, _ or -'),
  weight: z
    .number({ error: 'weight must be a number' })
    .int('weight must be a whole number')
    .min(0, 'weight must not be negative')
    .max(1_000_000, 'weight must be at most 1000000'),
  // The web landing page, also the deep link's fallback for other systems.
  url: landingUrl,
  ios_url: deepLink('ios_url'),
  android_url: deepLink('android_url'),
});

export const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('landing'),
      variants: z
        .array(variantSchema)
        .min(1, 'a landing action needs at least one variant')
        .max(20, 'a landing action has at most 20 variants'),
    }),
    z.strictObject({ type: z.literal('fallback') }),
  ],
  { error: 'action.type must be landing or fallback' },
);

export const ruleSchema = z.strictObject({
  name: z
    .string({ error: 'name must be text' })
    .min(1, 'name must not be empty')
    .max(64, 'name must be at most 64 characters')
    .regex(/^[^\x00-\x1F\x7F]*$/, 'name must not contain control characters'),
  conditions: conditionsSchema.default({}),
  action: actionSchema,
});

export const rulesBody = z.strictObject({
  rules: z
    .array(ruleSchema, {
      error: (issue) =>
        issue.input === undefined
          ? 'rules is required (an empty list removes every rule)'
          : 'rules must be a list',
    })
    .max(MAX_RULES, `a campaign has at most ${MAX_RULES} rules`),
});

export type Conditions = z.output<typeof conditionsSchema>;
export type Variant = z.output<typeof variantSchema>;
export type RuleAction = z.output<typeof actionSchema>;
export type Rule = z.output<typeof ruleSchema>;

// The rules in force for a campaign, as the edge holds them.
export interface RuleSet {
  version: number;
  rules: Rule[];
}
