import { Client } from '@planetscale/database';
import { drizzle } from 'drizzle-orm/planetscale-serverless';
import * as schema from '../../drizzle/schema.ts';

export type Database = ReturnType<typeof createDatabase>;

export function createDatabase(url: string) {
  return drizzle({ client: new Client({ url }), schema });
}
