import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, randomDatabaseName } from '../mysql/database.ts';
import { findOrStartMysql, type MysqlServer } from '../mysql/server.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
let mysql: MysqlServer;
let dbName: string;
let mysqlUrl: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  mysql = await findOrStartMysql({ log: () => undefined });
  dbName = randomDatabaseName('psdb_cli');
  mysqlUrl = await createDatabase(mysql.url, dbName);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await dropDatabase(mysql.url, dbName);
  await mysql.stop();
});

// Starts the CLI as a person would and returns the endpoint URL it prints.
async function startCli(): Promise<URL> {
  const child = spawn(process.execPath, [cli, '--mysql-url', mysqlUrl, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  for (let i = 0; i < 100 && !out.includes('\n'); i++)
    await Promise.race([once(child.stdout!, 'data'), new Promise((r) => setTimeout(r, 200))]);
  return new URL(out.trim().split('\n')[0]!);
}

describe('7. the standalone PlanetScale endpoint has no default password', () => {
  it('makes up a fresh random password when none is given, and refuses the old default', async () => {
    const [a, b] = [await startCli(), await startCli()];
    expect(a.password).not.toBe('psdb');
    expect(decodeURIComponent(a.password).length).toBeGreaterThanOrEqual(20);
    expect(a.password).not.toBe(b.password);
    const execute = (auth: string) =>
      fetch(`http://${a.host}/psdb.v1alpha1.Database/Execute`, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(auth)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'SELECT 1', session: null }),
      });
    expect((await execute('psdb:psdb')).status).toBe(401);
    expect(
      (await execute(`${decodeURIComponent(a.username)}:${decodeURIComponent(a.password)}`)).status,
    ).toBe(200);
  });
});
