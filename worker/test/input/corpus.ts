import { newApp } from '../../app.ts';
import { routeAccess } from '../security/route-access.ts';
import { isRaw, jsonClasses, raw, textClasses, type Kind, type Value } from './value-classes.ts';

export type Where = 'query' | 'path' | 'json' | 'form';

export interface Param {
  name: string;
  kind: Kind;
  where: Where;
  required: boolean;
}

export interface Fixture {
  affiliateId: number;
  campaignId: number;
  apiKey: string;
  postbackToken: string;
  clickId: string;
  // Target of admin writes, so a case that wrongly passes cannot disturb the others.
  spareAffiliateId: number;
  spareCampaignId: number;
  // The fixture campaign's owner and its key; the spare advertiser takes the admin's writes.
  advertiserId: number;
  advertiserKey: string;
  spareAdvertiserId: number;
}

export interface Endpoint {
  name: string;
  method: string;
  path: string;
  auth: 'admin' | 'affiliate' | 'advertiser' | undefined;
  params: Param[];
  valid: (f: Fixture) => Record<string, Value>;
}

export interface Case {
  label: string;
  valueClass: string;
  endpoint: Endpoint;
  values: (f: Fixture) => Record<string, Value>;
  contentType?: string;
  rawBody?: (f: Fixture) => string;
  status: number;
  // What the error message must name: the parameter, or the body as a whole.
  mentions: RegExp;
}

// The kind of value each documented parameter takes. A new parameter must be added here, or the corpus fails.
const kindByName: Record<string, Kind> = {
  affiliate_id: 'id',
  campaign_id: 'id',
  click_id: 'click_id',
  sub1: 'sub',
  sub2: 'sub',
  sub3: 'sub',
  sub4: 'sub',
  sub5: 'sub',
  format: 'format',
  amount: 'money',
  payout: 'money',
  default_payout: 'money',
  currency: 'currency',
  event: 'event',
  txid: 'txid',
  token: 'token',
  from: 'day',
  to: 'day',
  cursor: 'cursor',
  limit: 'limit',
  group_by: 'group_by',
  name: 'name',
  version: 'id',
  smartlink_id: 'id',
  campaigns: 'smartlink_campaigns',
  rules: 'rules',
  country: 'country',
  user_agent: 'header_text',
  accept_language: 'header_text',
  offer_url: 'url',
  fallback_url: 'url',
  outgoing_postback_url: 'url',
  attribution_window_days: 'days',
  grace_hours: 'hours',
  min_ctit_seconds: 'seconds',
  quality_threshold: 'score',
  advertiser_id: 'id',
  status_map: 'status_map',
  affiliate_postbacks: 'affiliate_postbacks',
  time_zone: 'time_zone',
  conversion_id: 'conversion_id',
  reason: 'reason',
  note: 'note',
  ids: 'conversion_ids',
  outcome: 'outcome',
  preset: 'preset',
};

const activeOrPaused = ['/campaigns', '/smartlinks', '/advertisers'];

function kindOf(path: string, name: string, where: Where): Kind | undefined {
  if (name === 'rules' && path.endsWith('/payout-rules')) return 'payout_rules';
  if (name === 'caps') return 'caps';
  if (name === 'group_by' && path === '/quality') return 'network_group';
  if (name === 'advertiser_id' && where === 'json') return 'advertiser_ref';
  if (name === 'status')
    return path.startsWith('/affiliates')
      ? 'affiliate_status'
      : activeOrPaused.some((p) => path.startsWith(p))
        ? 'campaign_status'
        : 'status';
  return kindByName[name];
}

// A value each kind accepts, so a case differs from a valid request in exactly one parameter.
function validValue(kind: Kind, name: string, path: string, f: Fixture, spare: boolean): Value {
  switch (kind) {
    case 'id':
      if (name === 'affiliate_id') return String(spare ? f.spareAffiliateId : f.affiliateId);
      if (name === 'advertiser_id') return String(spare ? f.spareAdvertiserId : f.advertiserId);
      return String(spare ? f.spareCampaignId : f.campaignId);
    case 'click_id':
      return path === '/postback' ? f.clickId : 'corpus-click-new';
    case 'sub':
      return 'x';
    case 'format':
      return 'json';
    case 'money':
      return '1.00';
    case 'currency':
      return 'EUR';
    case 'status':
      return 'approved';
    case 'event':
      return 'sale';
    case 'txid':
      return 'corpus-tx';
    case 'token':
      return f.postbackToken;
    case 'day':
      return name === 'from' ? '2026-01-01' : '2026-01-31';
    case 'limit':
      return '10';
    case 'group_by':
      return 'campaign';
    case 'network_group':
      return 'affiliate';
    case 'name':
      return 'Corpus';
    case 'url':
      return name === 'fallback_url'
        ? 'https://shop.example/more-offers'
        : 'https://shop.example/?c={click_id}';
    case 'days':
      return 30;
    case 'hours':
      return 1;
    case 'seconds':
      return 15;
    case 'score':
      return 50;
    case 'affiliate_status':
      return 'active';
    case 'campaign_status':
      return 'paused';
    case 'cursor':
      return undefined;
    case 'rules':
      return raw('[]');
    case 'payout_rules':
      return raw('[]');
    case 'caps':
      return raw('[]');
    case 'smartlink_campaigns':
      return raw(`[{"campaign_id":${spare ? f.spareCampaignId : f.campaignId},"weight":1}]`);
    case 'country':
      return 'DE';
    case 'header_text':
      return 'Mozilla/5.0';
    case 'advertiser_ref':
      return f.advertiserId;
    case 'status_map':
      return raw('{"sale":"approved"}');
    case 'affiliate_postbacks':
      return 'pending';
    case 'time_zone':
      return 'Europe/Berlin';
    // No conversion has these ids: a case that wrongly passed would change nothing.
    case 'conversion_id':
      return '900000000';
    case 'conversion_ids':
      return raw('[900000000]');
    case 'reason':
      return 'manual';
    case 'note':
      return 'checked by hand';
    case 'outcome':
      return 'refused';
    case 'preset':
      return 'voluum';
  }
}

interface DocParameter {
  in: string;
  name: string;
  required?: boolean;
}
interface DocOperation {
  parameters?: DocParameter[];
  requestBody?: {
    content: Record<
      string,
      { schema: { properties?: Record<string, unknown>; required?: string[] } }
    >;
  };
}

const bodyTypes: [string, Where, string][] = [
  ['application/json', 'json', 'JSON'],
  ['application/x-www-form-urlencoded', 'form', 'form'],
];

export const unclassified: string[] = [];

// Routes an advertiser key reads: the corpus sends them with the fixture advertiser's key.
const advertiserRoutes: string[] = ['own-advertiser', 'own-campaign', 'admin-or-advertiser'];

// Every documented operation that takes input, with its parameters as the OpenAPI document lists them.
function documentedEndpoints(): Endpoint[] {
  const doc = newApp().getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'corpus', version: '1' },
  });
  const endpoints: Endpoint[] = [];
  for (const [docPath, operations] of Object.entries(doc.paths ?? {})) {
    const path = docPath.replace(/\{([a-z_]+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(operations as Record<string, DocOperation>)) {
      const key = `${method.toUpperCase()} ${path}`;
      const access = routeAccess[key];
      const auth =
        access === undefined || access === 'public'
          ? undefined
          : access === 'admin'
            ? 'admin'
            : advertiserRoutes.includes(access)
              ? 'advertiser'
              : 'affiliate';
      const spare = access === 'admin' && method !== 'get';
      const classify = (name: string, where: Where, required: boolean): Param | undefined => {
        const kind = kindOf(path, name, where);
        if (!kind) unclassified.push(`${key} ${name}`);
        return kind && { name, kind, where, required };
      };
      const urlParams = (operation.parameters ?? [])
        .filter((p) => p.in === 'query' || p.in === 'path')
        .map((p) => classify(p.name, p.in as Where, p.required ?? false))
        .filter((p): p is Param => !!p);
      const bodies = bodyTypes.filter(([type]) => operation.requestBody?.content[type]);
      const variants = bodies.length ? bodies : [undefined];
      for (const body of variants) {
        const schema = body && operation.requestBody!.content[body[0]]!.schema;
        const bodyParams = Object.keys(schema?.properties ?? {})
          .map((name) => classify(name, body![1], schema?.required?.includes(name) ?? false))
          .filter((p): p is Param => !!p);
        const params = [...urlParams, ...bodyParams];
        if (params.length === 0) continue;
        endpoints.push({
          name: bodies.length > 1 ? `${key} (${body![2]})` : key,
          method: method.toUpperCase(),
          path,
          auth,
          params,
          valid: (f) =>
            Object.fromEntries(
              params.map((p) => [p.name, validValue(p.kind, p.name, path, f, spare)]),
            ),
        });
      }
    }
  }
  return endpoints;
}

export const endpoints = documentedEndpoints();

const bodyKind = (e: Endpoint): 'json' | 'form' | undefined =>
  e.params.find((x) => x.where === 'json' || x.where === 'form')?.where as
    | 'json'
    | 'form'
    | undefined;
const word = (name: string) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);

function classesFor(param: Param): [string, Value][] {
  const table =
    param.where === 'json'
      ? (jsonClasses[param.kind] ?? textClasses[param.kind])
      : textClasses[param.kind];
  let entries = Object.entries(table);
  // A path segment cannot be empty or given twice: those requests simply match no route.
  if (param.where === 'path')
    entries = entries.filter(([cls]) => cls !== 'empty' && cls !== 'repeated');
  return param.required && param.where !== 'path' ? [['missing', undefined], ...entries] : entries;
}

// One case per endpoint, parameter and bad-value class, plus the whole-body cases of endpoints that read a body.
export function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const endpoint of endpoints) {
    for (const param of endpoint.params) {
      for (const [cls, value] of classesFor(param)) {
        cases.push({
          label: `${endpoint.name} ${param.name} (${param.where}): ${cls}`,
          valueClass: cls,
          endpoint,
          values: (f) => ({ ...endpoint.valid(f), [param.name]: value }),
          status: 400,
          mentions: word(param.name),
        });
      }
    }
    const kind = bodyKind(endpoint);
    if (!kind) continue;
    const validBody = (f: Fixture) => encodeBody(endpoint, endpoint.valid(f), kind);
    const body = (
      label: string,
      status: number,
      mentions: RegExp,
      contentType: string,
      rawBody: (f: Fixture) => string,
    ) =>
      cases.push({
        label: `${endpoint.name} body: ${label}`,
        valueClass: 'body',
        endpoint,
        values: endpoint.valid,
        status,
        mentions,
        contentType,
        rawBody,
      });
    body(
      'wrong content type (text/plain)',
      415,
      /content.type|application\/json/i,
      'text/plain',
      validBody,
    );
    body(
      'wrong content type (multipart)',
      415,
      /content.type|application\/json/i,
      'multipart/form-data; boundary=x',
      () => '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--',
    );
    body(
      'oversized body (1 MB)',
      413,
      /bytes|large/i,
      kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      (f) =>
        kind === 'json'
          ? JSON.stringify({ ...endpoint.valid(f), pad: 'x'.repeat(1024 * 1024) })
          : `${validBody(f)}&pad=${'x'.repeat(1024 * 1024)}`,
    );
    if (kind === 'json') {
      body('invalid JSON', 400, /JSON/, 'application/json', () => '{"name": "x",');
      body(
        'JSON array instead of an object',
        400,
        /object|array|JSON/i,
        'application/json',
        () => '[]',
      );
      body(
        'JSON string instead of an object',
        400,
        /object|string|JSON/i,
        'application/json',
        () => '"x"',
      );
      body('JSON null', 400, /object|null|JSON/i, 'application/json', () => 'null');
    }
    if (endpoint.method === 'POST' && endpoint.params.some((x) => x.required && x.where === kind)) {
      body(
        'empty body',
        400,
        /required|body|JSON/i,
        kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        () => '',
      );
    }
  }
  return cases;
}

export function encodeBody(
  endpoint: Endpoint,
  values: Record<string, Value>,
  kind: 'json' | 'form',
): string {
  const fields = endpoint.params
    .filter((x) => x.where === kind)
    .map((x) => [x.name, values[x.name]] as const)
    .filter(([, v]) => v !== undefined);
  if (kind === 'form') return appendAll(new URLSearchParams(), fields).toString();
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${isRaw(v) ? v.raw : JSON.stringify(v)}`).join(',')}}`;
}

function appendAll(
  params: URLSearchParams,
  fields: readonly (readonly [string, Value])[],
): URLSearchParams {
  for (const [k, v] of fields) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v])
      params.append(k, isRaw(one) ? one.raw : String(one));
  }
  return params;
}

export function requestFor(c: Case, f: Fixture): { path: string; init: RequestInit } {
  const values = c.values(f);
  let path = c.endpoint.path;
  for (const param of c.endpoint.params.filter((x) => x.where === 'path'))
    path = path.replace(`:${param.name}`, encodeURIComponent(String(values[param.name])));
  const query = appendAll(
    new URLSearchParams(),
    c.endpoint.params
      .filter((x) => x.where === 'query')
      .map((x) => [x.name, values[x.name]] as const),
  );
  const kind = bodyKind(c.endpoint);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (kind) {
    headers['content-type'] =
      c.contentType ?? (kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded');
    body = c.rawBody ? c.rawBody(f) : encodeBody(c.endpoint, values, kind);
  }
  const search = query.toString();
  return {
    path: `${path}${search ? `?${search}` : ''}`,
    init: { method: c.endpoint.method, headers, ...(body !== undefined && { body }) },
  };
}
