import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { findMysqlBinaries } from './binaries.ts';
import { createDatabase, dropDatabase, randomDatabaseName } from './database.ts';
import { probeMysql } from './probe.ts';
import { DEFAULT_MYSQL_URL, findOrStartMysql } from './server.ts';

async function queryOne(url: string, sql: string): Promise<RowDataPacket | undefined> {
  const conn = await createConnection({ uri: url });
  try {
    const [rows] = await conn.query<RowDataPacket[]>(sql);
    return rows[0];
  } finally {
    await conn.end();
  }
}

describe('findOrStartMysql', () => {
  it('finds the server on 127.0.0.1:3306 without starting one', async () => {
    const saved = process.env['MYSQL_URL'];
    delete process.env['MYSQL_URL'];
    try {
      const server = await findOrStartMysql();
      expect(server).toMatchObject({ url: DEFAULT_MYSQL_URL, owned: false });
      expect(server.restart).toBeUndefined();
      await server.stop();
      expect((await probeMysql(server.url)).ok).toBe(true);
    } finally {
      if (saved !== undefined) process.env['MYSQL_URL'] = saved;
    }
  });

  it('says what is wrong with MYSQL_URL: no answer, refused credentials, or not a URL', async () => {
    const saved = process.env['MYSQL_URL'];
    const message = async (url: string) => {
      process.env['MYSQL_URL'] = url;
      return findOrStartMysql().then(
        () => 'started',
        (err: Error) => err.message,
      );
    };
    try {
      expect(await message('mysql://root@127.0.0.1:1')).toMatch(
        /^MYSQL_URL \(mysql:\/\/root@127\.0\.0\.1:1\) does not answer: /,
      );
      expect(await message('mysql://nobody:wrong@127.0.0.1:3306')).toMatch(
        /^MYSQL_URL \(mysql:\/\/nobody:\*\*\*@127\.0\.0\.1:3306\) refused the credentials: Access denied/,
      );
      expect(await message('127.0.0.1:3306')).toBe(
        'MYSQL_URL (127.0.0.1:3306) is not a URL: expected mysql://user:password@host:port, e.g. mysql://root@127.0.0.1:3306',
      );
      expect(await message('http://root@127.0.0.1:3306')).toBe(
        'MYSQL_URL (http://root@127.0.0.1:3306) must start with mysql://: expected mysql://user:password@host:port, e.g. mysql://root@127.0.0.1:3306',
      );
    } finally {
      if (saved === undefined) delete process.env['MYSQL_URL'];
      else process.env['MYSQL_URL'] = saved;
    }
  });

  it('names MYSQL_URL when it does not answer', async () => {
    const saved = process.env['MYSQL_URL'];
    process.env['MYSQL_URL'] = 'mysql://root@127.0.0.1:1';
    try {
      await expect(findOrStartMysql()).rejects.toThrow(/MYSQL_URL/);
    } finally {
      if (saved === undefined) delete process.env['MYSQL_URL'];
      else process.env['MYSQL_URL'] = saved;
    }
  });
});

describe('createDatabase / dropDatabase', () => {
  it('creates a usable database and drops it', async () => {
    const name = randomDatabaseName('mysql_test');
    expect(name).toMatch(/^mysql_test_[a-z0-9]+_[0-9a-f]{8}$/);
    const url = await createDatabase(DEFAULT_MYSQL_URL, name);
    try {
      expect(url).toBe(`${DEFAULT_MYSQL_URL}/${name}`);
      expect(await queryOne(url, 'SELECT DATABASE() AS db')).toEqual({ db: name });
    } finally {
      await dropDatabase(DEFAULT_MYSQL_URL, name);
    }
    const left = await queryOne(
      DEFAULT_MYSQL_URL,
      `SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${name}'`,
    );
    expect(Number(left?.['n'])).toBe(0);
  });

  it('rejects names that are not plain identifiers', async () => {
    await expect(createDatabase(DEFAULT_MYSQL_URL, 'x`; DROP DATABASE mysql; --')).rejects.toThrow(
      /invalid database name/,
    );
  });
});

const binaries = findMysqlBinaries();

const privateTitle = binaries
  ? 'private instance'
  : 'private instance (skipped: neither mariadbd nor mysqld is installed)';

describe.skipIf(!binaries)(privateTitle, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mysql-private-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on a free port, answers, restarts and stops', async () => {
    const lines: string[] = [];
    const server = await findOrStartMysql({
      forcePrivate: true,
      dir,
      log: (line) => lines.push(line),
    });
    try {
      expect(server.owned).toBe(true);
      const port = Number(new URL(server.url).port);
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(3306);
      expect(await queryOne(server.url, 'SELECT 1 + 1 AS two')).toEqual({ two: 2 });
      const name = randomDatabaseName('private');
      const dbUrl = await createDatabase(server.url, name);
      expect(await queryOne(dbUrl, 'SELECT DATABASE() AS db')).toEqual({ db: name });

      await server.restart?.();
      expect(await queryOne(dbUrl, 'SELECT DATABASE() AS db')).toEqual({ db: name });
    } finally {
      await server.stop();
    }
    expect((await probeMysql(server.url, 500)).ok).toBe(false);
    expect(lines.some((line) => line.includes('ready'))).toBe(true);
  }, 120_000);
});
