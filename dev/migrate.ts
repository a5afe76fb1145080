import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { fileURLToPath } from 'node:url';
import { mysqlUrlFormProblem, redactMysqlUrl } from './mysql/url.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

// Applies every pending migration in migrations/ to the database named in the URL.
export async function applyMigrations(mysqlUrl: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: mysqlUrl, multipleStatements: false });
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
  const problem = mysqlUrlFormProblem(url);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  await applyMigrations(url);
  console.log(`Migrations applied to ${redactMysqlUrl(url)}`);
}
