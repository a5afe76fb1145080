import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

const SAFE_NAME = /^[A-Za-z0-9_]{1,64}$/;

function assertSafeName(name: string): void {
  // names are interpolated into DDL, so only plain identifiers are accepted
  if (!SAFE_NAME.test(name))
    throw new Error(`invalid database name ${JSON.stringify(name)}: use 1-64 of [A-Za-z0-9_]`);
}

/** `prefix_<time>_<random>`, short enough for MySQL's 64-character identifier limit. */
export function randomDatabaseName(prefix = 'db'): string {
  const clean = prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40) || 'db';
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The server URL with `name` as its database path (query options are kept). */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/';
  const conn = await createConnection({ uri: url.toString() });
  try {
    await conn.query(sql);
  } finally {
    await conn.end();
  }
}

// PlanetScale's default, utf8mb4_0900_ai_ci, is NO PAD ('fb' ≠ 'fb ') and tells emoji apart;
// MariaDB's default folds both. Its nearest NO PAD collation groups text the way production does.
export const LOCAL_COLLATION = 'utf8mb4_unicode_520_nopad_ci';

/** Creates the database (utf8mb4, NO PAD collation) and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  assertSafeName(name);
  await runOnServer(
    serverUrl,
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE ${LOCAL_COLLATION}`,
  );
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertSafeName(name);
  await runOnServer(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``);
}
