import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { parseJsonFields } from '../lib/json-body.ts';

// How /postback and its vendor presets read parameters: the query, plus a JSON or form body on POST.
const MAX_BODY_BYTES = 16 * 1024;

export async function readBody(c: Context<AppEnv>): Promise<string> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new ApiError('payload_too_large', `Body is larger than ${MAX_BODY_BYTES} bytes`);
  const raw = await c.req.text();
  if (raw.length > MAX_BODY_BYTES)
    throw new ApiError('payload_too_large', `Body is larger than ${MAX_BODY_BYTES} bytes`);
  return raw;
}

export function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> {
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
export function paramsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}
