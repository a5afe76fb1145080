import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ReasonCode } from './money/reasons.ts';

export const errorCodes = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  attribution_window_expired: 422,
  result_too_large: 422,
  rate_limited: 429,
  // A click cap of the campaign is full for the current period (Retry-After: when it resets).
  cap_reached: 429,
  // A valid credential's budgets: repeats of one conversion, and an affiliate's own reports (Retry-After).
  too_many_duplicates: 429,
  too_many_reports: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorCodes;

export const errorCodeNames = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];

export interface ErrorIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;
  // A reason code (worker/money/reasons.ts) for the postback log: what a person should fix.
  readonly reason: ReasonCode | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      issues?: ErrorIssue[];
      cause?: unknown;
      headers?: Record<string, string>;
      reason?: ReasonCode;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.issues = opts.issues;
    this.headers = opts.headers;
    this.reason = opts.reason;
  }

  get status(): ContentfulStatusCode {
    return errorCodes[this.code];
  }
}

// The one error shape; schemas/responses.ts documents it as `Error`.
export interface ErrorBody {
  success: false;
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[] };
}

export function errorBody(err: ApiError): ErrorBody {
  const error: ErrorBody['error'] = { code: err.code, message: err.message };
  if (err.issues?.length) error.issues = err.issues;
  return { success: false, error };
}

export function renderError(c: Context, err: ApiError): Response {
  for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  return c.json(errorBody(err), err.status);
}
