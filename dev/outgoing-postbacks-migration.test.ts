import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationConnection, migrationsFolder } from './migrate.ts';
import { createDatabase, dropDatabase, randomDatabaseName } from './mysql/database.ts';
import { findOrStartMysql, type MysqlServer } from './mysql/server.ts';

let mysql: MysqlServer;
let name: string;
let url: string;
let before: string;

// The migrations folder as it was before 0007, so a database can hold rows under the old name.
function foldersUpTo(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

async function migrateWith(folder: string): Promise<void> {
  const conn = await migrationConnection(url);
  try {
    await migrate(drizzle({ client: conn }), { migrationsFolder: folder });
  } finally {
    await conn.end();
  }
}

beforeAll(async () => {
  mysql = await findOrStartMysql();
  name = randomDatabaseName('outgoing_postbacks_migration_test');
  url = await createDatabase(mysql.url, name);
  before = foldersUpTo('0006_money_model');
});

afterAll(async () => {
  if (before) rmSync(before, { recursive: true, force: true });
  if (name) await dropDatabase(mysql.url, name);
  await mysql?.stop();
});

describe('migration 0007 (outgoing_postbacks)', () => {
  it('carries every attempt logged as a postback delivery over with its id and claim, and later ones continue after them', async () => {
    await migrateWith(before);
    const conn = await migrationConnection(url);
    try {
      await conn.query(
        `INSERT INTO postback_deliveries
           (id, affiliate_id, conversion_id, conversion_status, url, url_length, status_code, error, attempt, timestamp, claim_key)
         VALUES (7, 1, 40, 'approved', 'https://aff.example/pb?c=40', 27, 200, NULL, 1, '2026-12-01 10:00:00.125', '40:approved'),
                (9, 1, 41, 'pending', 'https://aff.example/pb?c=41', 27, 503, 'HTTP 503', 2, '2026-12-01 10:00:01.000', NULL)`,
      );
      await migrateWith(migrationsFolder);

      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT id, affiliate_id, conversion_id, conversion_status, url, url_length, status_code, error,
                attempt, DATE_FORMAT(timestamp, '%Y-%m-%d %H:%i:%s.%f') AS ts, claim_key
           FROM outgoing_postbacks ORDER BY id`,
      );
      expect(rows.map((r) => ({ ...r }))).toEqual([
        {
          id: 7,
          affiliate_id: 1,
          conversion_id: 40,
          conversion_status: 'approved',
          url: 'https://aff.example/pb?c=40',
          url_length: 27,
          status_code: 200,
          error: null,
          attempt: 1,
          ts: '2026-12-01 10:00:00.125000',
          claim_key: '40:approved',
        },
        {
          id: 9,
          affiliate_id: 1,
          conversion_id: 41,
          conversion_status: 'pending',
          url: 'https://aff.example/pb?c=41',
          url_length: 27,
          status_code: 503,
          error: 'HTTP 503',
          attempt: 2,
          ts: '2026-12-01 10:00:01.000000',
          claim_key: null,
        },
      ]);

      // The copied claim still stops a second send of the same notice.
      await expect(
        conn.query(
          `INSERT INTO outgoing_postbacks (affiliate_id, conversion_id, url, attempt, timestamp, claim_key)
           VALUES (1, 40, 'https://aff.example/pb?c=40', 1, '2026-12-01 11:00:00', '40:approved')`,
        ),
      ).rejects.toThrow(/Duplicate entry/);
      const [fresh] = await conn.query<RowDataPacket[]>(
        `INSERT INTO outgoing_postbacks (affiliate_id, conversion_id, url, attempt, timestamp)
         VALUES (1, 42, 'https://aff.example/pb?c=42', 1, '2026-12-01 11:00:00')`,
      );
      expect(Number((fresh as unknown as { insertId: number }).insertId)).toBeGreaterThan(9);
    } finally {
      await conn.end();
    }
  });
});
