import { randomBytes } from 'node:crypto';
import type { PoolConnection } from 'mysql2/promise';
import { toOutcome } from './outcome.ts';
import type { QueryOutcome } from './outcome.ts';
import type { MysqlPool } from './pool.ts';
import { changesSessionState, isRollback } from './statements.ts';

const SERVER_STATUS_IN_TRANS = 1;
const SERVER_STATUS_AUTOCOMMIT = 2;

/** The execute options every PlanetScale HTTP session carries (Vitess `ExecuteOptions` in protobuf JSON). */
export const SESSION_OPTIONS = { includedFields: 'ALL', clientFoundRows: true } as const;

/** The opaque session object handed to clients; they send it back with every Execute. */
export interface SessionToken {
  signature: string;
  vitessSession: { inTransaction: boolean; autocommit: boolean; options: typeof SESSION_OPTIONS };
}

export interface Session {
  id: string;
  /** Held only while the session needs one connection: inside a transaction or after changing session state. */
  conn: PoolConnection | null;
  inTransaction: boolean;
  autocommit: boolean;
  stateful: boolean;
  /** Why the transaction this session is in no longer exists; only ROLLBACK clears it. */
  lostTransaction: string | null;
  /** When the open transaction began (Date.now()), or null outside one. */
  transactionStarted: number | null;
  /** A statement is executing on `conn` right now. */
  running: boolean;
  lastUsed: number;
  pending: number;
  tail: Promise<unknown>;
}

/** Raised when a statement arrives for a transaction that was rolled back behind the client's back. */
export class TransactionLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransactionLostError';
  }
}

function isFatal(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { fatal?: unknown }).fatal === true;
}

export interface SessionStoreOptions {
  idleMs: number;
  /** A transaction open longer than this is rolled back and its session told so. */
  transactionTimeoutMs: number;
}

export class SessionStore {
  readonly #mysql: MysqlPool;
  readonly #sessions = new Map<string, Session>();
  readonly #idleMs: number;
  readonly #transactionTimeoutMs: number;
  readonly #sweeper: NodeJS.Timeout;
  #opened = 0;

  constructor(mysql: MysqlPool, opts: SessionStoreOptions) {
    this.#mysql = mysql;
    this.#idleMs = opts.idleMs;
    this.#transactionTimeoutMs = opts.transactionTimeoutMs;
    const every = Math.min(5000, opts.idleMs / 4, opts.transactionTimeoutMs / 4);
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(50, every));
    this.#sweeper.unref();
  }

  /** Sessions opened since the last reset (CreateSession calls and Executes without a session). */
  get opened(): number {
    return this.#opened;
  }

  resetOpened(): void {
    this.#opened = 0;
  }

  open(): Session {
    const session = this.#add(randomBytes(18).toString('base64url'));
    this.#opened++;
    return session;
  }

  /** The session a client sent, a new one for null, or a stand-in for one that expired. */
  resolve(token: unknown): Session {
    if (typeof token !== 'object' || token === null) return this.open();
    const { signature, vitessSession } = token as Partial<SessionToken>;
    if (typeof signature !== 'string' || signature.length === 0) return this.open();
    const known = this.#sessions.get(signature);
    if (known) return known;
    const session = this.#add(signature);
    if (vitessSession?.inTransaction === true) {
      session.lostTransaction =
        'transaction was rolled back: its session expired or the server restarted';
    }
    return session;
  }

  token(session: Session): SessionToken {
    return {
      signature: session.id,
      vitessSession: {
        inTransaction: session.inTransaction || session.lostTransaction !== null,
        autocommit: session.autocommit,
        options: SESSION_OPTIONS,
      },
    };
  }

  /** Runs one statement in the session; statements of one session run one at a time, in order. */
  query(session: Session, sql: string): Promise<QueryOutcome> {
    session.pending++;
    session.lastUsed = Date.now();
    const run = session.tail.then(() => this.#run(session, sql));
    session.tail = run.catch(() => undefined);
    return run.finally(() => {
      session.pending--;
      session.lastUsed = Date.now();
      this.#forgetIfStateless(session);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(
      sessions.map(async (session) => {
        await session.tail;
        await this.#drop(session);
      }),
    );
    await this.#mysql.pool.end();
  }

  // A session without connection or lost transaction is fully described by its token,
  // so the record is dropped; this keeps one-statement sessions (Client.execute) from piling up.
  #forgetIfStateless(session: Session): void {
    if (session.pending === 0 && session.conn === null && session.lostTransaction === null) {
      this.#sessions.delete(session.id);
    }
  }

  #add(id: string): Session {
    const session: Session = {
      id,
      conn: null,
      inTransaction: false,
      autocommit: true,
      stateful: false,
      lostTransaction: null,
      transactionStarted: null,
      running: false,
      lastUsed: Date.now(),
      pending: 0,
      tail: Promise.resolve(),
    };
    this.#sessions.set(id, session);
    return session;
  }

  async #run(session: Session, sql: string): Promise<QueryOutcome> {
    if (session.lostTransaction !== null) {
      if (!isRollback(sql)) throw new TransactionLostError(session.lostTransaction);
      session.lostTransaction = null;
      return { kind: 'ok', header: null };
    }
    const conn = session.conn ?? (session.conn = await this.#mysql.acquire());
    try {
      session.running = true;
      const [result, fields] = await conn.query({ sql }).finally(() => {
        session.running = false;
      });
      if (session.conn === null && session.lostTransaction !== null)
        throw new TransactionLostError(session.lostTransaction);
      const outcome = toOutcome(result, fields);
      if (outcome.header) {
        session.inTransaction = (outcome.header.serverStatus & SERVER_STATUS_IN_TRANS) !== 0;
        session.autocommit = (outcome.header.serverStatus & SERVER_STATUS_AUTOCOMMIT) !== 0;
        session.transactionStarted = session.inTransaction
          ? (session.transactionStarted ?? Date.now())
          : null;
      }
      if (changesSessionState(sql)) session.stateful = true;
      return outcome;
    } catch (err) {
      // the transaction was ended under this statement (timeout): say why, as Vitess does
      if (session.lostTransaction !== null && session.conn === null) {
        conn.destroy();
        throw err instanceof TransactionLostError
          ? err
          : new TransactionLostError(session.lostTransaction);
      }
      if (isFatal(err)) {
        session.conn = null;
        conn.destroy();
        if (session.inTransaction)
          session.lostTransaction = 'transaction was rolled back: the MySQL connection was lost';
        session.inTransaction = false;
        session.transactionStarted = null;
        session.stateful = false;
        session.autocommit = true;
      }
      throw err;
    } finally {
      if (session.conn && !session.inTransaction && session.autocommit && !session.stateful) {
        session.conn = null;
        conn.release();
      } else if (session.conn) {
        // a record dropped while stateless must be findable again once it holds a connection
        this.#sessions.set(session.id, session);
      }
    }
  }

  // Rolls back explicitly before closing so locks are gone by the time this resolves.
  async #drop(session: Session): Promise<void> {
    const conn = session.conn;
    session.conn = null;
    if (!conn) return;
    if (session.inTransaction) await conn.query('ROLLBACK').catch(() => undefined);
    conn.destroy();
  }

  // Like vttablet's transaction killer: the connection is killed (rolling back and releasing locks)
  // even while a statement runs, and the session's next statement learns why.
  #expire(session: Session): void {
    const conn = session.conn;
    const started = new Date(session.transactionStarted ?? Date.now()).toISOString();
    session.conn = null;
    session.inTransaction = false;
    session.stateful = false;
    session.autocommit = true;
    session.transactionStarted = null;
    session.lostTransaction = `transaction started at ${started} ended (exceeded timeout: ${this.#transactionTimeoutMs / 1000}s)`;
    if (!conn) return;
    // a running statement ends with the kill and its #run destroys the connection
    const running = session.running;
    void this.#mysql.pool
      .query(`KILL ${Number(conn.threadId)}`)
      .catch(() => undefined)
      .finally(() => {
        if (!running) conn.destroy();
      });
  }

  #sweep(): void {
    const now = Date.now();
    for (const session of this.#sessions.values()) {
      if (
        session.inTransaction &&
        session.transactionStarted !== null &&
        now - session.transactionStarted > this.#transactionTimeoutMs
      ) {
        this.#expire(session);
      }
    }
    const cutoff = now - this.#idleMs;
    for (const session of this.#sessions.values()) {
      if (session.pending > 0 || session.lastUsed > cutoff) continue;
      this.#sessions.delete(session.id);
      void this.#drop(session);
    }
  }
}
