import { performance } from 'node:perf_hooks';
import { toWireError, vitessError } from './errors.ts';
import type { ErrorContext, WireError } from './errors.ts';
import { TransactionLostError } from './sessions.ts';
import type { SessionStore, SessionToken } from './sessions.ts';
import { okResult, rowsResult } from './wire.ts';
import type { WireResult } from './wire.ts';

export interface ExecuteResponse {
  session: SessionToken;
  result?: WireResult;
  error?: WireError;
  /** Seconds spent executing, as PlanetScale reports it. */
  timing?: number;
}

export interface ExecuteContext {
  store: SessionStore;
  database: string;
  username: string;
  /** Rows one query may return; PlanetScale refuses larger results (100 000). */
  maxRows: number;
}

/** One `Database/Execute` call: SQL errors are answers (HTTP 200 with `error`), not failures. */
export async function execute(
  ctx: ExecuteContext,
  query: string,
  sessionToken: unknown,
): Promise<ExecuteResponse> {
  const session = ctx.store.resolve(sessionToken);
  const errorContext: ErrorContext = { database: ctx.database, username: ctx.username, query };
  const started = performance.now();
  try {
    const outcome = await ctx.store.query(session, query);
    if (outcome.kind === 'rows' && outcome.rows.length > ctx.maxRows) {
      const error = vitessError(
        'RESOURCE_EXHAUSTED',
        `Row count exceeded ${ctx.maxRows} (errno 10001) (sqlstate HY000)`,
        errorContext,
      );
      return { session: ctx.store.token(session), error };
    }
    const result =
      outcome.kind === 'rows'
        ? rowsResult(outcome.fields, outcome.rows)
        : outcome.header
          ? okResult(outcome.header)
          : {};
    return {
      session: ctx.store.token(session),
      result,
      timing: (performance.now() - started) / 1000,
    };
  } catch (err) {
    const error =
      err instanceof TransactionLostError
        ? vitessError('ABORTED', err.message, errorContext)
        : toWireError(err, errorContext);
    return { session: ctx.store.token(session), error };
  }
}
