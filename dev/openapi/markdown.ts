// Renders the OpenAPI document as docs/api.md: one section per endpoint group, one entry per operation.

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  format?: string;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
  example?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApi {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

// Endpoint groups by the first path segment, in the order a reader meets them.
const GROUPS: [title: string, segments: string[]][] = [
  ['Health', ['health']],
  ['Clicks and tracking links', ['click', 'c', 's']],
  ['Postbacks', ['postback']],
  ['Who am I', ['me']],
  ['Affiliates', ['affiliates']],
  ['Advertisers', ['advertisers']],
  ['Campaigns, routing, payout rules and caps', ['campaigns']],
  ['Smartlinks', ['smartlinks']],
  ['Review and history', ['conversions']],
  ['Postback log', ['postback-log']],
  ['Traffic quality', ['quality']],
  ['Live updates', ['live']],
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const refName = (ref: string) => ref.split('/').at(-1)!;
const anchor = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (s.$ref) return `[${refName(s.$ref)}](#${anchor(refName(s.$ref))})`;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (s.allOf) return s.allOf.map(typeOf).join(' and ');
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(', ');
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (type === 'array') return `array of ${typeOf(s.items)}`;
  const bounds = [
    s.minLength !== undefined && s.maxLength !== undefined
      ? `${s.minLength}–${s.maxLength} chars`
      : s.maxLength !== undefined
        ? `≤ ${s.maxLength} chars`
        : '',
    s.minimum !== undefined && s.maximum !== undefined
      ? `${s.minimum}–${s.maximum}`
      : s.minimum !== undefined
        ? `≥ ${s.minimum}`
        : s.maximum !== undefined
          ? `≤ ${s.maximum}`
          : '',
  ].filter(Boolean);
  return `${type}${s.format ? ` (${s.format})` : ''}${bounds.length ? ` (${bounds.join(', ')})` : ''}${s.nullable ? ' or null' : ''}`;
}

function fieldTable(schema: Schema, doc: OpenApi): string[] {
  const resolved = schema.$ref ? doc.components?.schemas?.[refName(schema.$ref)] : schema;
  const props = resolved?.properties;
  if (!props) return [`${typeOf(schema)}`];
  const required = new Set(resolved.required ?? []);
  return [
    '| Field | Required | Type | Description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(props).map(
      ([name, p]) =>
        `| \`${name}\` | ${required.has(name) ? 'yes' : ''} | ${cell(typeOf(p))} | ${cell(p.description ?? '')} |`,
    ),
  ];
}

const resolve = (s: Schema | undefined, doc: OpenApi): Schema | undefined =>
  s?.$ref ? doc.components?.schemas?.[refName(s.$ref)] : s;

// The `data` of the first 2xx JSON answer, whose fields a caller reads.
function successData(op: Operation, doc: OpenApi): { schema: Schema; list: boolean } | undefined {
  for (const [status, res] of Object.entries(op.responses)) {
    if (!status.startsWith('2')) continue;
    const body = resolve(res.content?.['application/json']?.schema, doc);
    const data = resolve(body?.properties?.data, doc);
    if (!data) continue;
    if (data.type === 'array') {
      const item = resolve(data.items, doc);
      if (item?.properties) return { schema: data.items!, list: true };
    } else if (data.properties) return { schema: body!.properties!.data!, list: false };
  }
  return undefined;
}

// A `data` that differs by audience: a union of named schemas (or of lists of them), each in Schemas.
function dataVariants(op: Operation, doc: OpenApi): { names: string[]; list: boolean } | undefined {
  for (const [status, res] of Object.entries(op.responses)) {
    if (!status.startsWith('2')) continue;
    const data = resolve(res.content?.['application/json']?.schema, doc)?.properties?.data;
    const list = data?.type === 'array';
    const alternatives = list
      ? (data.items?.anyOf ?? data.items?.oneOf)
      : (data?.anyOf ?? data?.oneOf);
    const items = alternatives?.map((a) => (a.type === 'array' ? a.items : a));
    const names = items?.map((i) => (i?.$ref ? refName(i.$ref) : undefined));
    if (names?.length && names.every((n) => n !== undefined))
      return { names, list: list || alternatives!.some((a) => a.type === 'array') };
  }
  return undefined;
}

function operation(method: string, path: string, op: Operation, doc: OpenApi): string[] {
  const lines = [`### \`${method.toUpperCase()} ${path}\``, ''];
  if (op.summary) lines.push(`${op.summary}.`, '');
  if (op.description) lines.push(op.description, '');
  const auth = op.security?.length ? '`Authorization: Bearer <key>`' : 'none';
  lines.push(`Operation \`${op.operationId}\`. Credentials: ${auth}.`, '');
  const params = op.parameters ?? [];
  if (params.length) {
    lines.push(
      '| Parameter | In | Required | Type | Description |',
      '| --- | --- | --- | --- | --- |',
      ...params.map(
        (p) =>
          `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : ''} | ${cell(typeOf(p.schema))} | ${cell(p.description ?? p.schema?.description ?? '')} |`,
      ),
      '',
    );
  }
  for (const [type, { schema }] of Object.entries(op.requestBody?.content ?? {})) {
    lines.push(`Body (\`${type}\`${op.requestBody?.required ? ', required' : ''}):`, '');
    lines.push(...fieldTable(schema, doc), '');
    if (schema.example !== undefined)
      lines.push('```json', JSON.stringify(schema.example, null, 2), '```', '');
  }
  const data = successData(op, doc);
  if (data)
    lines.push(
      `Answer \`data\`${data.list ? ' (a list of)' : ''}:`,
      '',
      ...fieldTable(data.schema, doc),
      '',
    );
  const variants = data ? undefined : dataVariants(op, doc);
  if (variants)
    lines.push(
      `Answer \`data\`${variants.list ? ' (a list of)' : ''}, by the caller's audience: ${variants.names.map((n) => `[${n}](#${anchor(n)})`).join(' or ')}.`,
      '',
    );
  lines.push('| Status | Answer |', '| --- | --- |');
  for (const [status, res] of Object.entries(op.responses)) {
    const types = Object.keys(res.content ?? {});
    lines.push(
      `| ${status} | ${cell(res.description)}${types.length ? ` (${types.map((t) => `\`${t}\``).join(', ')})` : ''} |`,
    );
  }
  lines.push('');
  return lines;
}

/** The API reference as Markdown, generated from the OpenAPI document. */
export function apiMarkdown(doc: OpenApi): string {
  const grouped = new Map<string, [string, string, Operation][]>();
  const titleFor = (path: string) => {
    const segment = path.split('/')[1] ?? '';
    return GROUPS.find(([, segments]) => segments.includes(segment))?.[0] ?? segment;
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const title = titleFor(path);
      grouped.set(title, [...(grouped.get(title) ?? []), [method, path, op]]);
    }
  }
  const titles = [
    ...GROUPS.map(([t]) => t).filter((t) => grouped.has(t)),
    ...[...grouped.keys()].filter((t) => !GROUPS.some(([g]) => g === t)),
  ];
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const lines = [
    '# API reference',
    '',
    '<!-- Generated by `npm run docs:api` from the OpenAPI document; edit the routes, not this file. -->',
    '',
    `${doc.info.title} ${doc.info.version}: ${doc.info.description ?? ''} This page is generated from`,
    'the OpenAPI 3.1 document every deployment serves at `GET /openapi.json` (`npm run docs:api`;',
    '`dev/openapi/api-docs.test.ts` fails when it is stale). How the pieces fit together is in',
    '[tracking.md](tracking.md), [money.md](money.md) and [architecture.md](architecture.md).',
    '',
    'Every answer is JSON unless noted. An error has one shape, [Error](#error):',
    '`{"success": false, "error": {"code", "message", "issues?"}}`. Routes marked',
    '`Authorization: Bearer <key>` take an affiliate API key (`ak_…`), an advertiser API key',
    '(`adk_…`) or the admin token; each says whose.',
    '',
    '## Contents',
    '',
    ...titles.map((t) => `- [${t}](#${anchor(t)}) (${grouped.get(t)!.length})`),
    ...(schemas.length ? ['- [Schemas](#schemas)'] : []),
    '',
  ];
  for (const title of titles) {
    lines.push(`## ${title}`, '');
    for (const [method, path, op] of grouped.get(title)!)
      lines.push(...operation(method, path, op, doc));
  }
  if (schemas.length) {
    lines.push('## Schemas', '');
    for (const [name, schema] of schemas) {
      lines.push(`### ${name}`, '');
      if (schema.description) lines.push(schema.description, '');
      lines.push(...fieldTable(schema, doc), '');
    }
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
