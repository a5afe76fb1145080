import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { parseJsonFields } from '../lib/json-body.ts';
import { OUTGOING_POSTBACK_HEADER } from '../lib/postback-destination.ts';
import { SIGNATURE_HEADER, type SignedRequest } from '../tracking/postback-signature.ts';

const MAX_BODY_BYTES = 16 * 1024;

/** A postback's fields as sent, and what its signature (if any) covers. */
export interface ReceivedPostback {
  fields: Record<string, unknown>;
  // Where the fields came from, for the wording of a validation error.
  target: 'query' | 'json';
  signed: SignedRequest | undefined;
}

/**
 * The one reader of postback fields, for /postback and every /postback/{preset}: the query of a
 * GET; the JSON or form body of a POST, plus unsigned URL fields. A signed POST carries every field
 * in its signed body, so fields added to the URL of a captured request cannot ride along.
 */
export async function readPostback(c: Context<AppEnv>): Promise<ReceivedPostback> {
  // Hono answers HEAD with the GET handler: a probe (link checker, monitor) must record nothing.
  if (c.req.method === 'HEAD') {
    throw new ApiError('method_not_allowed', 'A postback is sent with GET or POST', {
      headers: { Allow: 'GET, POST' },
      reason: 'bad_input',
    });
  }
  if (c.req.header(OUTGOING_POSTBACK_HEADER) !== undefined) {
    throw new ApiError(
      'forbidden',
      "This request is a tracker's outgoing postback: an affiliate's postback URL points at a tracker's /postback, which would loop",
    );
  }
  const url = new URL(c.req.url);
  const header = c.req.header(SIGNATURE_HEADER);
  const query = paramsToObject(url.searchParams);
  const signedAs = (payload: string): SignedRequest | undefined =>
    header === undefined
      ? undefined
      : { header, method: c.req.method, path: url.pathname, payload };
  if (c.req.method !== 'POST') {
    return { fields: query, target: 'query', signed: signedAs(url.search.slice(1)) };
  }
  const raw = await readBody(c);
  const body = parseBody(c.req.header('content-type'), raw);
  if (header !== undefined && url.searchParams.size > 0) {
    throw new ApiError(
      'unauthorized',
      `A signed POST must carry every field in the signed body: ${[...new Set(url.searchParams.keys())].join(', ')} is in the URL`,
      { reason: 'bad_credential' },
    );
  }
  const clash = Object.keys(body).find((k) => k in query);
  if (clash) throw new ApiError('bad_request', `${clash} is given both in the URL and in the body`);
  return { fields: { ...query, ...body }, target: 'json', signed: signedAs(raw) };
}

async function readBody(c: Context<AppEnv>): Promise<string> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new ApiError('payload_too_large', `Body is larger than ${MAX_BODY_BYTES} bytes`);
  const raw = await c.req.text();
  if (raw.length > MAX_BODY_BYTES)
    throw new ApiError('payload_too_large', `Body is larger than ${MAX_BODY_BYTES} bytes`);
  return raw;
}

function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return parseJsonFields(raw);
  if (type === 'application/x-www-form-urlencoded') return paramsToObject(new URLSearchParams(raw));
  if (raw.length === 0) return {};
  throw new ApiError(
    'unsupported_media_type',
    'Send the postback as application/json or application/x-www-form-urlencoded',
  );
}

// Repeated parameters become arrays, which the schema refuses: one value per parameter.
function paramsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}
