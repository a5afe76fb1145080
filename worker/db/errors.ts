import { DatabaseError } from '@planetscale/database';
import { ApiError } from '../errors.ts';

// True when the database could not be reached or answered with a server failure, as opposed to a SQL error.
export function isDatabaseUnavailable(err: unknown): boolean {
  // Our own refusals are decisions, whatever words their messages use ("network", "timed out").
  if (err instanceof ApiError) return false;
  const cause = findCause(err);
  if (isRowLimitExceeded(cause)) return false;
  if (cause instanceof DatabaseError) {
    return (
      cause.status >= 500 ||
      cause.status === 429 ||
      cause.status === 408 ||
      TRANSIENT_VITESS_CODES.has(vitessCode(cause))
    );
  }
  // A failed fetch (refused, reset, DNS) surfaces as an Error naming the network; a code bug does not.
  return (
    cause instanceof Error &&
    /fetch failed|network|connect|socket|ECONN|EPIPE|timed? ?out/i.test(cause.message)
  );
}

/**
 * PlanetScale refuses a result over 100,000 rows: `Row count exceeded 100000 (errno 10001)`, sent
 * as RESOURCE_EXHAUSTED (ABORTED on newer Vitess). The query asked too much; the database is fine.
 */
export function isRowLimitExceeded(err: unknown): boolean {
  const cause = findCause(err);
  return cause instanceof DatabaseError && /Row count exceeded \d+/.test(cause.message);
}

/** The answer for a database failure that is not the caller's input: too large a result, or no database. */
export function databaseApiError(err: unknown): ApiError | undefined {
  if (isRowLimitExceeded(err)) {
    return new ApiError(
      'result_too_large',
      'This request matches more rows than the database returns at once (100,000); narrow the date range',
    );
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError('service_unavailable', 'The database is unavailable; try again shortly', {
      headers: { 'Retry-After': '5' },
    });
  }
  return undefined;
}

// A unique key refused the row (MySQL errno 1062): the caller decides what "already there" means.
export function isDuplicateKey(err: unknown): boolean {
  const cause = findCause(err);
  return (
    cause instanceof DatabaseError &&
    (vitessCode(cause) === 'ALREADY_EXISTS' || /errno 1062\b/.test(cause.message))
  );
}

// Vitess reports a database it cannot reach (or that sheds load) inside a 200 answer, as an error code.
const TRANSIENT_VITESS_CODES = new Set([
  'UNAVAILABLE',
  'RESOURCE_EXHAUSTED',
  'DEADLINE_EXCEEDED',
  'ABORTED',
]);

function vitessCode(err: DatabaseError): string {
  const body: unknown = err.body;
  return body && typeof body === 'object' && 'code' in body && typeof body.code === 'string'
    ? body.code
    : '';
}

function findCause(err: unknown): unknown {
  let current = err;
  for (
    let i = 0;
    i < 5 && current instanceof Error && !(current instanceof DatabaseError) && current.cause;
    i++
  ) {
    current = current.cause;
  }
  return current;
}
