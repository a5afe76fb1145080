import { Client } from '@planetscale/database';
import { drizzle } from 'drizzle-orm/planetscale-serverless';
import * as schema from '../../drizzle/schema.ts';

export type Database = ReturnType<typeof build>;

function build(url: string) {
  return drizzle({ client: new Client({ url }), schema });
}

const byUrl = new Map<string, Database>();

// One client per isolate and URL: it holds no connection, and drizzle analyses the schema only once.
export function createDatabase(url: string): Database {
  let db = byUrl.get(url);
  if (!db) {
    db = build(url);
    byUrl.set(url, db);
  }
  return db;
}
