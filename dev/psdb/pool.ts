import { createPool } from 'mysql2/promise';
import type { Pool, PoolConnection } from 'mysql2/promise';
import { PLANETSCALE_SESSION_SQL } from '../mysql/planetscale-session.ts';

export interface MysqlPool {
  pool: Pool;
  /** A pooled connection with the session settings above applied. */
  acquire(): Promise<PoolConnection>;
}

export function createMysqlPool(
  mysqlUrl: string,
  connectionLimit: number,
  keepIdle: number = connectionLimit,
): MysqlPool {
  const pool = createPool({
    uri: mysqlUrl,
    connectionLimit,
    // Idle connections beyond keepIdle close after idleTimeout.
    maxIdle: keepIdle,
    idleTimeout: 5_000,
    waitForConnections: true,
    enableKeepAlive: true,
    // sessions only hand back connections without session state, so no reset is needed
    resetOnRelease: false,
    multipleStatements: false,
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    rowsAsArray: true,
    // PlanetScale's sessions set clientFoundRows: affectedRows counts matched rows, so an upsert
    // onto an unchanged row reports 1, not 0
    flags: ['FOUND_ROWS'],
    // every value stays the exact bytes the server sent, which is what PlanetScale forwards
    typeCast: (field) => field.buffer(),
  });
  const prepared = new WeakSet<object>();

  async function acquire(): Promise<PoolConnection> {
    const conn = await pool.getConnection();
    if (prepared.has(conn.connection)) return conn;
    try {
      await conn.query(PLANETSCALE_SESSION_SQL);
    } catch (err) {
      conn.destroy();
      throw err;
    }
    prepared.add(conn.connection);
    return conn;
  }

  return { pool, acquire };
}
