import { createDatabase, dropDatabase, randomDatabaseName } from '../../dev/mysql/database.ts';
import { applyMigrations } from '../../dev/migrate.ts';
import { type PlanetScaleEndpoint, startPlanetScaleEndpoint } from '../../dev/psdb/server.ts';

/**
 * Every worker test file gets a fresh migrated database behind its own local PlanetScale endpoint,
 * so files run in parallel and one file's fail switch (`setDatabaseFailure`) reaches no other.
 * The global setup (Node, main process) owns them; the vitest config asks for one per file through
 * globalThis, because the config and the setup are loaded as separate module copies.
 */
export interface FileDatabases {
  /** A new database's PlanetScale URL, for one test file. */
  next(): Promise<string>;
  close(): Promise<void>;
}

const KEY = Symbol.for('edge-affiliate-tracker.fileDatabases');

export function openFileDatabases(serverUrl: string): FileDatabases {
  const opened: { name: string; endpoint: PlanetScaleEndpoint }[] = [];
  const databases: FileDatabases = {
    async next() {
      const name = randomDatabaseName('tracker_test');
      const mysqlUrl = await createDatabase(serverUrl, name);
      await applyMigrations(mysqlUrl);
      const endpoint = await startPlanetScaleEndpoint({
        mysqlUrl,
        port: 0,
        username: 'tracker',
        password: 'local-test-password',
        // Files come and go while the run goes on: a finished file must not hold MySQL's connections.
        keepIdleConnections: 0,
      });
      opened.push({ name, endpoint });
      return endpoint.url;
    },
    async close() {
      for (const { name, endpoint } of opened.splice(0)) {
        await endpoint.close();
        await dropDatabase(serverUrl, name);
      }
    },
  };
  (globalThis as Record<symbol, unknown>)[KEY] = databases;
  return databases;
}

export function fileDatabases(): FileDatabases {
  const databases = (globalThis as Record<symbol, unknown>)[KEY] as FileDatabases | undefined;
  if (!databases) throw new Error('worker/test/global-setup.ts has not opened the test databases');
  return databases;
}
