import { DatabaseError } from '@planetscale/database';

// True when the database could not be reached or answered with a server failure, as opposed to a SQL error.
export function isDatabaseUnavailable(err: unknown): boolean {
  const cause = findCause(err);
  if (cause instanceof DatabaseError) return cause.status >= 500 || cause.status === 429 || cause.status === 408;
  return cause instanceof TypeError || (cause instanceof Error && /fetch|network|connect|ECONN/i.test(cause.message));
}

function findCause(err: unknown): unknown {
  let current = err;
  for (let i = 0; i < 5 && current instanceof Error && !(current instanceof DatabaseError) && current.cause; i++) {
    current = current.cause;
  }
  return current;
}
