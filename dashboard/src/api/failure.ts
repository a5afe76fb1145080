import type { ErrorBody } from './routes.ts';

/** Why a call failed: the API's error code, or `network` / `bad_response` / `internal` when no API answer was read. */
export type FailureCode = ErrorBody['error']['code'] | 'network' | 'bad_response' | 'internal';
export type FailureIssue = NonNullable<ErrorBody['error']['issues']>[number];

export class ApiFailure extends Error {
  readonly code: FailureCode;
  readonly status: number;
  readonly issues: FailureIssue[];

  constructor(code: FailureCode, message: string, status = 0, issues: FailureIssue[] = []) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

export function isErrorBody(body: unknown): body is ErrorBody {
  if (!body || typeof body !== 'object') return false;
  const error = (body as { error?: unknown }).error;
  return (
    (body as { success?: unknown }).success === false &&
    !!error &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

export function failureFromBody(status: number, body: unknown): ApiFailure {
  if (isErrorBody(body))
    return new ApiFailure(body.error.code, body.error.message, status, body.error.issues ?? []);
  return new ApiFailure(
    'bad_response',
    `The API answered ${status} without an error message`,
    status,
  );
}

export function asFailure(err: unknown): ApiFailure {
  if (err instanceof ApiFailure) return err;
  return new ApiFailure('internal', err instanceof Error ? err.message : String(err));
}

/** The sentence a person sees: what went wrong and what to do about it. */
export function describeFailure(err: unknown, apiUrl: string): string {
  const failure = asFailure(err);
  switch (failure.code) {
    case 'network':
      return `Can't reach the tracking API at ${apiUrl}. Check your connection and try again; if it keeps failing, the API may be down.`;
    case 'unauthorized':
      return 'This API key was not accepted. Check that you pasted the whole key, or ask your affiliate manager for a new one.';
    case 'service_unavailable':
      return "The tracker's database is unavailable right now. Your clicks are still being recorded; try again in a minute.";
    case 'rate_limited':
      return 'Too many requests for now. Wait a moment and try again.';
    case 'bad_response':
      return `The API at ${apiUrl} sent an answer the dashboard could not read. Check the API address in config.json.`;
    default:
      return failure.message;
  }
}

/** The API's message for each field it refused, keyed by the field's path (`name`, `rules.2.value`). */
export function fieldErrors(err: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of asFailure(err).issues) errors[issue.path] ??= issue.message;
  return errors;
}
