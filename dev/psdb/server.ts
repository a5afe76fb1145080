import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { basicAuthMatches } from './auth.ts';
import { handleControl } from './control.ts';
import type { ControlSnapshot, Controls, FailureMode } from './control.ts';
import { execute } from './execute.ts';
import type { ExecuteContext } from './execute.ts';
import { BadRequestError, readJson, sendError, sendJson, sendText } from './http-util.ts';
import { RestartableListener } from './listener.ts';
import { createMysqlPool } from './pool.ts';
import { SessionStore } from './sessions.ts';

export type { FailureMode } from './control.ts';

export interface PlanetScaleEndpointOptions {
  /** MySQL/MariaDB database the endpoint serves, e.g. mysql://root@127.0.0.1:3306/app */
  mysqlUrl: string;
  /** 0 (default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** Basic auth user; default 'psdb' */
  username?: string;
  /** Basic auth password; default 'psdb' */
  password?: string;
  /** Added to every Execute and CreateSession; default 0 */
  latencyMs?: number;
  /** Second port serving only /__control, so the switch stays reachable while 'refuse' closes the main port; 0 = free port */
  controlPort?: number;
  /** A session unused this long loses its connection and any open transaction is rolled back; default 60 000 */
  sessionIdleMs?: number;
  /** MySQL connections shared by all sessions; default 50 */
  maxConnections?: number;
  /** Idle MySQL connections kept open (the rest close after 5 s); default maxConnections */
  keepIdleConnections?: number;
  /** Rows one query may return before it fails with RESOURCE_EXHAUSTED, as on PlanetScale; default 100 000 */
  maxRows?: number;
  /** A transaction open longer than this is rolled back, as on PlanetScale; default 20 000 */
  transactionTimeoutMs?: number;
}

export interface PlanetScaleEndpoint {
  /** http://user:pass@127.0.0.1:PORT — pass as `url` to @planetscale/database */
  url: string;
  port: number;
  /** http://user:pass@127.0.0.1:CONTROL_PORT when `controlPort` was given */
  controlUrl?: string;
  setLatency(ms: number): void;
  /** '503' answers HTTP 503 to every data request, 'refuse' closes the port, null restores normal service */
  setFailure(mode: FailureMode): Promise<void>;
  stats(): { executes: number; sessions: number };
  resetStats(): void;
  close(): Promise<void>;
}

// PlanetScale's documented limits per query result and per transaction.
export const PLANETSCALE_MAX_ROWS = 100_000;
export const PLANETSCALE_TRANSACTION_TIMEOUT_MS = 20_000;

const EXECUTE_PATH = '/psdb.v1alpha1.Database/Execute';
const CREATE_SESSION_PATH = '/psdb.v1alpha1.Database/CreateSession';
const CONTROL_PATH = '/__control';

function databaseName(mysqlUrl: string): string {
  return decodeURIComponent(new URL(mysqlUrl).pathname.replace(/^\//, '')) || 'mysql';
}

function credentialsUrl(username: string, password: string, host: string, port: number): string {
  return `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${port}`;
}

/** An HTTP server speaking PlanetScale's database API (what @planetscale/database calls) on top of MySQL. */
export async function startPlanetScaleEndpoint(
  opts: PlanetScaleEndpointOptions,
): Promise<PlanetScaleEndpoint> {
  const host = opts.host ?? '127.0.0.1';
  const username = opts.username ?? 'psdb';
  const password = opts.password ?? 'psdb';
  const mysql = createMysqlPool(
    opts.mysqlUrl,
    opts.maxConnections ?? 50,
    opts.keepIdleConnections ?? opts.maxConnections ?? 50,
  );
  // fail at start, not on the first request, when MySQL is unreachable
  try {
    const conn = await mysql.acquire();
    conn.release();
  } catch (err) {
    await mysql.pool.end().catch(() => undefined);
    throw new Error(
      `cannot reach MySQL at ${opts.mysqlUrl}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const store = new SessionStore(mysql, {
    idleMs: opts.sessionIdleMs ?? 60_000,
    transactionTimeoutMs: opts.transactionTimeoutMs ?? PLANETSCALE_TRANSACTION_TIMEOUT_MS,
  });
  const ctx: ExecuteContext = {
    store,
    database: databaseName(opts.mysqlUrl),
    username,
    maxRows: opts.maxRows ?? PLANETSCALE_MAX_ROWS,
  };
  let latencyMs = opts.latencyMs ?? 0;
  let jitterMs = 0;
  let failNext: { match: string; count: number } | null = null;
  let failure: FailureMode = null;
  let executes = 0;

  const snapshot = (): ControlSnapshot => ({
    failure,
    latencyMs,
    jitterMs,
    failNext,
    executes,
    sessions: store.opened,
  });

  async function serveData(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (failure === '503')
      return sendText(res, 503, 'upstream connect error or disconnect/reset before headers');
    if (!basicAuthMatches(req.headers.authorization, username, password)) {
      return sendError(res, 401, 'unauthenticated', 'invalid auth credentials');
    }
    if (path !== EXECUTE_PATH && path !== CREATE_SESSION_PATH)
      return sendError(res, 404, 'bad_route', `no handler for path ${path}`);
    if (req.method !== 'POST') return sendError(res, 405, 'bad_route', `${path} only accepts POST`);
    const body = await readJson(req);
    const delay = latencyMs + Math.random() * jitterMs;
    if (delay > 0) await sleep(delay);
    if (path === CREATE_SESSION_PATH)
      return sendJson(res, 200, { session: store.token(store.open()) });
    const { query, session } = (body ?? {}) as { query?: unknown; session?: unknown };
    if (typeof query !== 'string') throw new BadRequestError('query must be a string');
    if (failNext && query.toLowerCase().includes(failNext.match.toLowerCase())) {
      failNext = failNext.count > 1 ? { ...failNext, count: failNext.count - 1 } : null;
      return sendText(res, 503, 'upstream connect error or disconnect/reset before headers');
    }
    executes++;
    sendJson(res, 200, await execute(ctx, query, session ?? null));
  }

  function handler(onMainPort: boolean) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const work =
        path === CONTROL_PATH
          ? basicAuthMatches(req.headers.authorization, username, password)
            ? handleControl(req, res, controls, onMainPort)
            : Promise.resolve(sendError(res, 401, 'unauthenticated', 'invalid auth credentials'))
          : onMainPort
            ? serveData(req, res, path)
            : Promise.resolve(
                sendError(res, 404, 'bad_route', `the control port only serves ${CONTROL_PATH}`),
              );
      work.catch((err: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (err instanceof BadRequestError)
          return sendError(res, 400, 'invalid_argument', err.message);
        sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
      });
    };
  }

  const main: Server = createServer(handler(true));
  const listener = new RestartableListener(main, host, opts.port ?? 0);
  let control: RestartableListener | null = null;

  const controls: Controls = {
    snapshot,
    setLatency(ms) {
      latencyMs = ms;
    },
    setJitter(ms) {
      jitterMs = ms;
    },
    setFailNext(rule) {
      failNext = rule;
    },
    async setFailure(mode) {
      failure = mode;
      if (mode === 'refuse') await listener.stop();
      else await listener.start();
    },
  };

  try {
    await listener.start();
    if (opts.controlPort !== undefined) {
      control = new RestartableListener(createServer(handler(false)), host, opts.controlPort);
      await control.start();
    }
  } catch (err) {
    await listener.stop();
    await store.close();
    throw err;
  }

  return {
    url: credentialsUrl(username, password, host, listener.port),
    port: listener.port,
    ...(control ? { controlUrl: credentialsUrl(username, password, host, control.port) } : {}),
    setLatency: controls.setLatency,
    setFailure: controls.setFailure,
    stats: () => ({ executes, sessions: store.opened }),
    resetStats() {
      executes = 0;
      store.resetOpened();
    },
    async close() {
      await listener.stop();
      await control?.stop();
      await store.close();
    },
  };
}
