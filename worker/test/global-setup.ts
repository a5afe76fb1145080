import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase, randomDatabaseName } from '../../dev/mysql/database.ts';
import { findOrStartMysql } from '../../dev/mysql/server.ts';
import { applyMigrations } from '../../dev/migrate.ts';
import { startPlanetScaleEndpoint } from '../../dev/psdb/server.ts';
import { startReceiver } from './receiver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    receiverUrl: string;
  }
}

// One real database per run, reached by the worker only through the local PlanetScale endpoint.
export default async function setup(project: TestProject) {
  const server = await findOrStartMysql({ log: (line) => console.log(`[mysql] ${line}`) });
  const name = randomDatabaseName('tracker_test');
  const mysqlUrl = await createDatabase(server.url, name);
  await applyMigrations(mysqlUrl);
  const endpoint = await startPlanetScaleEndpoint({
    mysqlUrl,
    port: 0,
    username: 'tracker',
    password: 'local-test-password',
  });
  project.provide('databaseUrl', endpoint.url);
  const receiver = await startReceiver();
  project.provide('receiverUrl', receiver.url);
  return async () => {
    await receiver.close();
    await endpoint.close();
    await dropDatabase(server.url, name);
    await server.stop();
  };
}
