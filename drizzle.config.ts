import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './drizzle/schema.ts',
  out: './migrations',
  dbCredentials: { url: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/tracker' },
});
