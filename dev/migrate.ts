import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { fileURLToPath } from 'node:url';
import { PLANETSCALE_SESSION_SQL } from './mysql/planetscale-session.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/** A connection with PlanetScale's session settings, so DDL meets the modes production applies. */
export async function migrationConnection(mysqlUrl: string): Promise<mysql.Connection> {
  const connection = await mysql.createConnection({ uri: mysqlUrl, multipleStatements: false });
  try {
    await connection.query(PLANETSCALE_SESSION_SQL);
  } catch (err) {
    await connection.end();
    throw err;
  }
  return connection;
}

// Applies every pending migration in migrations/ to the database named in the URL.
export async function applyMigrations(mysqlUrl: string): Promise<void> {
  const connection = await migrationConnection(mysqlUrl);
  try {
    await migrate(drizzle({ client: connection }), { migrationsFolder });
  } finally {
    await connection.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.MYSQL_URL;
  if (!url) {
    console.error('Set MYSQL_URL to the database to migrate, e.g. MYSQL_URL=mysql://root@127.0.0.1:3306/tracker npm run migrate');
    process.exit(1);
  }
  await applyMigrations(url);
  console.log(`Migrations applied to ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}
