import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationConnection } from './migrate.ts';
import {
  LOCAL_COLLATION,
  createDatabase,
  dropDatabase,
  randomDatabaseName,
} from './mysql/database.ts';
import { MYSQL8_SQL_MODE } from './mysql/planetscale-session.ts';
import { findOrStartMysql, type MysqlServer } from './mysql/server.ts';

let mysql: MysqlServer;
let name: string;
let url: string;

beforeAll(async () => {
  mysql = await findOrStartMysql();
  name = randomDatabaseName('migrate_test');
  url = await createDatabase(mysql.url, name);
});

afterAll(async () => {
  if (name) await dropDatabase(mysql.url, name);
  await mysql?.stop();
});

describe('local databases', () => {
  it('are created with a NO PAD collation, like PlanetScale', async () => {
    const conn = await migrationConnection(url);
    try {
      const [rows] = await conn.query<RowDataPacket[]>('SELECT @@collation_database AS collation');
      expect(rows[0]!['collation']).toBe(LOCAL_COLLATION);
      await conn.query('CREATE TABLE subs (id INT PRIMARY KEY, sub VARCHAR(20))');
      await conn.query(
        "INSERT INTO subs VALUES (1, 'fb'), (2, 'fb '), (3, _utf8mb4 0xF09F9880), (4, _utf8mb4 0xF09F9883)",
      );
      const [groups] = await conn.query<RowDataPacket[]>(
        'SELECT COUNT(DISTINCT sub) AS n FROM subs',
      );
      expect(Number(groups[0]!['n'])).toBe(4);
    } finally {
      await conn.end();
    }
  });
});

describe('the migration connection', () => {
  it("applies DDL under MySQL 8's default sql_mode and UTC, as PlanetScale does", async () => {
    const conn = await migrationConnection(url);
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz',
      );
      expect(String(rows[0]!['mode']).split(',').sort()).toEqual(MYSQL8_SQL_MODE.split(',').sort());
      expect(rows[0]!['tz']).toBe('+00:00');
    } finally {
      await conn.end();
    }
  });
});
