import type { TestProject } from 'vitest/node';
import { writeOpenApiAsset } from '../../dev/openapi/build.ts';
import { findOrStartMysql } from '../../dev/mysql/server.ts';
import { openFileDatabases } from './file-databases.ts';
import { startReceiver } from './receiver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    receiverUrl: string;
  }
}

// The MySQL server every test file's database lives on, the receiver of outgoing postbacks, and the
// OpenAPI document asset that wrangler's build step writes before a deployment.
export default async function setup(project: TestProject) {
  writeOpenApiAsset();
  const server = await findOrStartMysql({ log: (line) => console.log(`[mysql] ${line}`) });
  const databases = openFileDatabases(server.url);
  const receiver = await startReceiver();
  project.provide('receiverUrl', receiver.url);
  return async () => {
    await receiver.close();
    await databases.close();
    await server.stop();
  };
}
