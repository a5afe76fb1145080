import { createPool } from 'mysql2/promise';
import type { Pool, PoolConnection } from 'mysql2/promise';

// PlanetScale runs in UTC with MySQL 8's strict defaults. ONLY_FULL_GROUP_BY is left out because
// MariaDB lacks MySQL's functional-dependency check and would reject queries PlanetScale accepts.
const SESSION_INIT_SQL =
  "SET time_zone = '+00:00', sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

export interface MysqlPool {
  pool: Pool;
  /** A pooled connection with the session settings above applied. */
  acquire(): Promise<PoolConnection>;
}

export function createMysqlPool(mysqlUrl: string, connectionLimit: number): MysqlPool {
  const pool = createPool({
    uri: mysqlUrl,
    connectionLimit,
    maxIdle: connectionLimit,
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
      await conn.query(SESSION_INIT_SQL);
    } catch (err) {
      conn.destroy();
      throw err;
    }
    prepared.add(conn.connection);
    return conn;
  }

  return { pool, acquire };
}
