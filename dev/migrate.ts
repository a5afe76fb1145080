import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { fileURLToPath } from 'node:url';
import { formatProblems, lintMigrations } from './migration-lint.ts';
import { PLANETSCALE_SESSION_SQL } from './mysql/planetscale-session.ts';
import { mysqlUrlFormProblem, redactMysqlUrl } from './mysql/url.ts';

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

// Production branches with safe migrations refuse DDL; schema changes travel by deploy request.
const PLANETSCALE_WAY = `On PlanetScale, schema changes reach production through a deploy request:
  0. once: database Settings → enable safe migrations on main, and "Automatically copy migration data"
     with migration table __drizzle_migrations (new branches then know which migrations main has)
  1. pscale branch create <database> <branch>           (a development branch, copied from main's schema)
  2. MYSQL_URL='mysql://USER:PASSWORD@HOST/<database>?ssl={"rejectUnauthorized":true}' npm run migrate
                                                         (with a password made for that branch)
  3. pscale deploy-request create <database> <branch>   (review the diff, then)
     pscale deploy-request deploy <database> <number>    (applied online, without locking; revertible for 30 minutes)
Production (main, with safe migrations on) refuses direct DDL, so never point npm run migrate at it.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.MYSQL_URL;
  if (!url) {
    console.error(
      'Set MYSQL_URL to the database to migrate, e.g. MYSQL_URL=mysql://root@127.0.0.1:3306/tracker npm run migrate',
    );
    console.error(`\n${PLANETSCALE_WAY}`);
    process.exit(1);
  }
  const urlProblem = mysqlUrlFormProblem(url);
  if (urlProblem) {
    console.error(urlProblem);
    process.exit(1);
  }
  const problems = lintMigrations(migrationsFolder);
  if (problems.length > 0) {
    console.error(
      `Refusing to migrate: these migrations would not pass a PlanetScale deploy request\n${formatProblems(problems)}`,
    );
    process.exit(1);
  }
  const shown = redactMysqlUrl(url);
  try {
    await applyMigrations(url);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`Migrations failed on ${shown}: ${message}`);
    if (/direct DDL is disabled|safe migrations/i.test(message))
      console.error(`\nThis is a production branch.\n${PLANETSCALE_WAY}`);
    process.exit(1);
  }
  console.log(`Migrations applied to ${shown}`);
  if (!/@(?:127\.0\.0\.1|localhost)[:/]/.test(url)) console.log(`\n${PLANETSCALE_WAY}`);
}
