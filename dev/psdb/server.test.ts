import { setTimeout as sleep } from 'node:timers/promises';
import { Client, DatabaseError, connect } from '@planetscale/database';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, randomDatabaseName } from '../mysql/database.ts';
import { MYSQL8_SQL_MODE } from '../mysql/planetscale-session.ts';
import { findOrStartMysql } from '../mysql/server.ts';
import type { MysqlServer } from '../mysql/server.ts';
import { startPlanetScaleEndpoint } from './server.ts';
import type { PlanetScaleEndpoint } from './server.ts';

let mysql: MysqlServer;
let dbName: string;
let dbUrl: string;
let endpoint: PlanetScaleEndpoint;
let client: Client;

const AUTH = `Basic ${btoa('psdb:psdb')}`;

function endpointPath(path: string, base = endpoint.url): string {
  const url = new URL(base);
  return `http://${url.host}${path}`;
}

async function rawExecute(
  query: string,
  session: unknown = null,
): Promise<Record<string, unknown>> {
  const res = await fetch(endpointPath('/psdb.v1alpha1.Database/Execute'), {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, session }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function control(base: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(endpointPath('/__control', base), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

async function count(table: string): Promise<number> {
  const res = await client.execute(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((res.rows[0] as { n: string }).n);
}

beforeAll(async () => {
  mysql = await findOrStartMysql();
  dbName = randomDatabaseName('psdb_test');
  dbUrl = await createDatabase(mysql.url, dbName);
  endpoint = await startPlanetScaleEndpoint({ mysqlUrl: dbUrl, controlPort: 0 });
  client = new Client({ url: endpoint.url });
  await client.execute(
    'CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE, qty INT NOT NULL DEFAULT 0)',
  );
});

afterAll(async () => {
  await endpoint?.close();
  if (dbName) await dropDatabase(mysql.url, dbName);
  await mysql?.stop();
});

beforeEach(async () => {
  await endpoint.setFailure(null);
  endpoint.setLatency(0);
  await client.execute('DELETE FROM items');
});

describe('types', () => {
  it('round-trips every column type to the values the driver casts from PlanetScale', async () => {
    await client.execute(`CREATE TABLE all_types (
      id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
      i8 TINYINT, u8 TINYINT UNSIGNED, flag BOOLEAN, i16 SMALLINT, u16 SMALLINT UNSIGNED,
      i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED, i64 BIGINT, u64 BIGINT UNSIGNED,
      f32 FLOAT, f64 DOUBLE, dec_ DECIMAL(10,3),
      dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP NULL, d DATE, tm TIME, yr YEAR,
      ch CHAR(4), vc VARCHAR(20), tx TEXT, bin_ BINARY(4), vb VARBINARY(8), bl BLOB, bt BIT(8),
      en ENUM('small','large'), st SET('a','b','c'), js JSON
    )`);
    const inserted = await client.execute(
      `INSERT INTO all_types (i8, u8, flag, i16, u16, i24, u24, i32, u32, i64, u64, f32, f64, dec_, dt, dt6, ts, d, tm, yr,
        ch, vc, tx, bin_, vb, bl, bt, en, st, js)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, b'10100101', ?, ?, ?)`,
      [
        -128,
        255,
        true,
        -32768,
        65535,
        -8388608,
        16777215,
        -2147483648,
        4294967295,
        -9223372036854775808n,
        18446744073709551615n,
        1.5,
        Math.PI,
        '1234567.891',
        '2024-02-29 13:14:15',
        '2024-02-29 13:14:15.123456',
        '2024-02-29 13:14:15',
        '2024-02-29',
        '-838:59:59',
        2024,
        'abc',
        'héllo ✓',
        'party 🎉',
        new Uint8Array([1, 2]),
        new Uint8Array([0, 255, 128]),
        new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
        'large',
        'a,c',
        JSON.stringify({ a: [1, 2, { b: null }], s: 'ü' }),
      ],
    );
    expect(inserted.rowsAffected).toBe(1);

    const res = await client.execute('SELECT * FROM all_types');
    expect(res.types).toEqual({
      id: 'INT64',
      i8: 'INT8',
      u8: 'UINT8',
      flag: 'INT8',
      i16: 'INT16',
      u16: 'UINT16',
      i24: 'INT24',
      u24: 'UINT24',
      i32: 'INT32',
      u32: 'UINT32',
      i64: 'INT64',
      u64: 'UINT64',
      f32: 'FLOAT32',
      f64: 'FLOAT64',
      dec_: 'DECIMAL',
      dt: 'DATETIME',
      dt6: 'DATETIME',
      ts: 'TIMESTAMP',
      d: 'DATE',
      tm: 'TIME',
      yr: 'YEAR',
      ch: 'CHAR',
      vc: 'VARCHAR',
      tx: 'TEXT',
      bin_: 'BINARY',
      vb: 'VARBINARY',
      bl: 'BLOB',
      bt: 'BIT',
      en: 'ENUM',
      st: 'SET',
      js: 'JSON',
    });
    expect(res.rows).toEqual([
      {
        id: inserted.insertId,
        i8: -128,
        u8: 255,
        flag: 1,
        i16: -32768,
        u16: 65535,
        i24: -8388608,
        u24: 16777215,
        i32: -2147483648,
        u32: 4294967295,
        i64: '-9223372036854775808',
        u64: '18446744073709551615',
        f32: 1.5,
        f64: Math.PI,
        dec_: '1234567.891',
        dt: '2024-02-29 13:14:15',
        dt6: '2024-02-29 13:14:15.123456',
        ts: '2024-02-29 13:14:15',
        d: '2024-02-29',
        tm: '-838:59:59',
        yr: 2024,
        ch: 'abc',
        vc: 'héllo ✓',
        tx: 'party 🎉',
        bin_: new Uint8Array([1, 2, 0, 0]),
        vb: new Uint8Array([0, 255, 128]),
        bl: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
        bt: new Uint8Array([0b10100101]),
        en: 'large',
        st: 'a,c',
        js: { a: [1, 2, { b: null }], s: 'ü' },
      },
    ]);
    expect(res.fields.find((f) => f.name === 'id')).toMatchObject({
      table: 'all_types',
      orgTable: 'all_types',
      database: dbName,
      orgName: 'id',
      columnLength: 20,
      charset: 63,
    });
    expect(res.fields.find((f) => f.name === 'bl')?.charset).toBe(63);
    expect(res.fields.find((f) => f.name === 'tx')?.charset).not.toBe(63);
  });

  it('returns NULL as null for every type and leaves the NULL literal untyped', async () => {
    await client.execute(
      'CREATE TABLE nullable (id INT PRIMARY KEY, n INT, s VARCHAR(5), b BLOB, j JSON, d DATETIME, x DECIMAL(5,2))',
    );
    await client.execute('INSERT INTO nullable (id) VALUES (1)');
    const res = await client.execute('SELECT n, s, b, j, d, x, NULL AS lit FROM nullable');
    expect(res.rows).toEqual([{ n: null, s: null, b: null, j: null, d: null, x: null, lit: null }]);
    expect(res.types['lit']).toBe('NULL');
    const arrays = await client.execute("SELECT 1 AS a, NULL AS b, '' AS c", null, { as: 'array' });
    expect(arrays.rows).toEqual([['1', null, '']]);
  });

  it('encodes rows the way PlanetScale does on the wire', async () => {
    const body = await rawExecute("SELECT 1 AS a, NULL AS b, 'é' AS c");
    const result = body['result'] as {
      fields: Record<string, unknown>[];
      rows: { lengths: string[]; values: string }[];
    };
    expect(result.fields[0]).toMatchObject({ name: 'a', type: 'INT64', charset: 63 });
    expect(result.fields[1]).not.toHaveProperty('type');
    expect(result.rows).toEqual([
      { lengths: ['1', '-1', '2'], values: Buffer.from('1é').toString('base64') },
    ]);
    expect(typeof body['timing']).toBe('number');
    expect(body['session']).toMatchObject({ signature: expect.any(String) });

    const empty = await rawExecute('SELECT id FROM items WHERE 1 = 0');
    expect(empty['result']).toEqual({
      fields: [expect.objectContaining({ name: 'id', type: 'INT64' })],
    });
    const insert = await rawExecute("INSERT INTO items (name) VALUES ('wire')");
    expect(insert['result']).toEqual({
      rowsAffected: '1',
      insertId: expect.stringMatching(/^\d+$/),
    });
    const ddl = await rawExecute('CREATE TABLE IF NOT EXISTS wire_ddl (id INT)');
    expect(ddl['result']).toEqual({});
  });
});

describe('statements', () => {
  it('reports rowsAffected and insertId', async () => {
    const insert = await client.execute(
      'INSERT INTO items (name, qty) VALUES (?, 1), (?, 1), (?, 5)',
      ['a', 'b', 'c'],
    );
    expect(insert.rowsAffected).toBe(3);
    expect(insert.insertId).toMatch(/^[1-9]\d*$/);
    const first = await client.execute('SELECT id FROM items WHERE name = ?', ['a']);
    expect((first.rows[0] as { id: string }).id).toBe(insert.insertId);

    // found rows, as PlanetScale counts them: matched rows, changed or not
    expect((await client.execute('UPDATE items SET qty = 5')).rowsAffected).toBe(3);
    expect((await client.execute('UPDATE items SET qty = 5')).rowsAffected).toBe(3);
    const select = await client.execute('SELECT * FROM items');
    expect(select).toMatchObject({ rowsAffected: 0, insertId: '0', size: 3 });
    expect((await client.execute('DELETE FROM items')).rowsAffected).toBe(3);
  });

  it('turns SQL errors into DatabaseError with the MySQL message', async () => {
    await client.execute('INSERT INTO items (name) VALUES (?)', ['dup']);
    const dup = await caught(client.execute('INSERT INTO items (name) VALUES (?)', ['dup']));
    expect(dup).toBeInstanceOf(DatabaseError);
    const dbErr = dup as DatabaseError;
    expect(dbErr.message).toContain("Duplicate entry 'dup' for key");
    expect(dbErr.message).toContain('(errno 1062)');
    expect(dbErr.status).toBe(400);
    expect(dbErr.body.code).toBe('ALREADY_EXISTS');

    const missing = (await caught(client.execute('SELECT * FROM no_such_table'))) as DatabaseError;
    expect(missing.message).toMatch(/doesn't exist \(errno 1146\)/);
    expect(missing.body.code).toBe('NOT_FOUND');

    const syntax = (await caught(client.execute('SELEKT 1'))) as DatabaseError;
    expect(syntax.message).toContain('(errno 1064)');
    expect(syntax.body.code).toBe('INVALID_ARGUMENT');
  });

  it('keeps one session per driver connection, so session state carries over', async () => {
    const conn = connect({ url: endpoint.url });
    await conn.execute('SET @answer = 42');
    const res = await conn.execute('SELECT @answer AS answer');
    expect(res.rows).toEqual([{ answer: '42' }]);
  });

  it('counts executes and sessions', async () => {
    endpoint.resetStats();
    await client.execute('SELECT 1');
    await client.execute('SELECT 1');
    expect(endpoint.stats()).toEqual({ executes: 2, sessions: 2 });

    endpoint.resetStats();
    await client.transaction(async (tx) => tx.execute('SELECT 1'));
    expect(endpoint.stats()).toEqual({ executes: 3, sessions: 1 });

    endpoint.resetStats();
    const conn = connect({ url: endpoint.url });
    await conn.refresh();
    await conn.execute('SELECT 1');
    expect(endpoint.stats()).toEqual({ executes: 1, sessions: 1 });
    expect(await control(endpoint.url)).toMatchObject({
      executes: 1,
      sessions: 1,
      failure: null,
      latencyMs: 0,
    });
  });
});

describe('PlanetScale session semantics', () => {
  it('echoes clientFoundRows and includedFields in CreateSession and Execute answers', async () => {
    const res = await fetch(endpointPath('/psdb.v1alpha1.Database/CreateSession'), {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const created = (await res.json()) as { session: { vitessSession: { options: unknown } } };
    const options = { includedFields: 'ALL', clientFoundRows: true };
    expect(created.session.vitessSession.options).toEqual(options);
    const executed = await rawExecute('SELECT 1', created.session);
    expect(executed['session']).toMatchObject({ vitessSession: { options } });
  });

  it('reports 1 affected row for an upsert onto an unchanged row, as found-rows sessions do', async () => {
    const upsert =
      "INSERT INTO items (name, qty) VALUES ('same', 1) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)";
    const inserted = await client.execute(upsert);
    expect(inserted.rowsAffected).toBe(1);
    const replayed = await client.execute(upsert);
    expect(replayed.rowsAffected).toBe(1);
    expect(replayed.insertId).toBe(inserted.insertId);
    const unchanged = await client.execute(
      "INSERT INTO items (name, qty) VALUES ('same', 1) ON DUPLICATE KEY UPDATE qty = VALUES(qty)",
    );
    expect(unchanged.rowsAffected).toBe(1);
    const changed = await client.execute(
      "INSERT INTO items (name, qty) VALUES ('same', 2) ON DUPLICATE KEY UPDATE qty = VALUES(qty)",
    );
    expect(changed.rowsAffected).toBe(2);
  });
});

describe('sql_mode', () => {
  it("runs every session with MySQL 8's six default modes", async () => {
    const res = await client.execute('SELECT @@SESSION.sql_mode AS mode');
    expect(
      String((res.rows[0] as { mode: string }).mode)
        .split(',')
        .sort(),
    ).toEqual(MYSQL8_SQL_MODE.split(',').sort());
  });

  it('refuses a non-aggregated column outside GROUP BY, as PlanetScale does', async () => {
    await client.execute("INSERT INTO items (name, qty) VALUES ('g1', 1), ('g2', 1)");
    const err = (await caught(
      client.execute('SELECT qty, name, COUNT(*) FROM items GROUP BY qty'),
    )) as DatabaseError;
    expect(err.message).toContain('(errno 1055)');
    expect(err.body.code).toBe('INVALID_ARGUMENT');
  });

  it('refuses an impossible date instead of storing a zero date', async () => {
    await client.execute(
      'CREATE TABLE IF NOT EXISTS dated (id INT PRIMARY KEY, at DATETIME(3) NOT NULL)',
    );
    const err = (await caught(
      client.execute("INSERT INTO dated VALUES (1, '2026-13-45 99:99:99.999')"),
    )) as DatabaseError;
    expect(err.message).toMatch(/Incorrect datetime value|errno 1292/);
  });
});

describe('transactions', () => {
  it('commits', async () => {
    const result = await client.transaction(async (tx) => {
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['t1']);
      await tx.execute('INSERT INTO items (name) VALUES (?)', ['t2']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await count('items')).toBe(2);
  });

  it('rolls back when the callback throws', async () => {
    const err = await caught(
      client.transaction(async (tx) => {
        await tx.execute('INSERT INTO items (name) VALUES (?)', ['gone']);
        throw new Error('boom');
      }),
    );
    expect((err as Error).message).toBe('boom');
    expect(await count('items')).toBe(0);
  });

  it('rolls back when a statement fails', async () => {
    await client.execute('INSERT INTO items (name) VALUES (?)', ['taken']);
    const err = await caught(
      client.transaction(async (tx) => {
        await tx.execute('INSERT INTO items (name) VALUES (?)', ['fresh']);
        await tx.execute('INSERT INTO items (name) VALUES (?)', ['taken']);
      }),
    );
    expect(err).toBeInstanceOf(DatabaseError);
    expect(await count('items')).toBe(1);
  });

  it('hides uncommitted rows from other sessions', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside = 0;
    const tx = client.transaction(async (t) => {
      await t.execute('INSERT INTO items (name) VALUES (?)', ['pending']);
      inside = Number(
        ((await t.execute('SELECT COUNT(*) AS n FROM items')).rows[0] as { n: string }).n,
      );
      await gate;
    });
    while (inside === 0) await sleep(5);
    expect(inside).toBe(1);
    expect(await count('items')).toBe(0);
    release();
    await tx;
    expect(await count('items')).toBe(1);
  });

  it('runs 20 transactions at once, each on its own connection', async () => {
    const sessions = 20;
    let arrived = 0;
    let open: () => void = () => {};
    const allOpen = new Promise<void>((resolve) => (open = resolve));
    const connectionIds = await Promise.all(
      Array.from({ length: sessions }, (_, i) =>
        client.transaction(async (tx) => {
          await tx.execute('INSERT INTO items (name, qty) VALUES (?, ?)', [`c${i}`, i]);
          const id = ((await tx.execute('SELECT CONNECTION_ID() AS id')).rows[0] as { id: string })
            .id;
          const mine = await tx.execute('SELECT name FROM items WHERE name LIKE ?', ['c%']);
          expect(mine.rows).toEqual([{ name: `c${i}` }]);
          if (++arrived === sessions) open();
          // every transaction stays open until all of them are, so they truly overlap
          await allOpen;
          return id;
        }),
      ),
    );
    expect(new Set(connectionIds).size).toBe(sessions);
    expect(await count('items')).toBe(sessions);
  });
});

describe('auth', () => {
  it('rejects wrong credentials with 401 in PlanetScale shape', async () => {
    const url = new URL(endpoint.url);
    url.password = 'wrong';
    const err = (await caught(
      new Client({ url: url.toString() }).execute('SELECT 1'),
    )) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.status).toBe(401);
    expect(err.message).toBe('invalid auth credentials');

    const res = await fetch(endpointPath('/psdb.v1alpha1.Database/Execute'), {
      method: 'POST',
      body: '{"query":"SELECT 1"}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'unauthenticated', message: 'invalid auth credentials' },
    });
    const controlRes = await fetch(endpointPath('/__control'));
    expect(controlRes.status).toBe(401);
  });
});

describe('fault injection', () => {
  it('adds latency to every Execute and CreateSession', async () => {
    endpoint.setLatency(150);
    let started = performance.now();
    await client.execute('SELECT 1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    started = performance.now();
    await connect({ url: endpoint.url }).refresh();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);

    await control(endpoint.url, { latencyMs: 0 });
    started = performance.now();
    await client.execute('SELECT 1');
    expect(performance.now() - started).toBeLessThan(150);
  });

  it("answers 503 in '503' mode and recovers", async () => {
    await endpoint.setFailure('503');
    const err = (await caught(client.execute('SELECT 1'))) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.status).toBe(503);
    expect(err.message).toContain('HTTP 503');
    expect(await control(endpoint.url)).toMatchObject({ failure: '503' });

    await control(endpoint.url, { failure: null });
    expect((await client.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: '1' }]);
  });

  it('answers 503 to the next queries matching a text only, then serves them again', async () => {
    await control(endpoint.url, { failNext: { match: 'select 2', count: 2 } });
    expect((await client.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: '1' }]);
    for (let i = 0; i < 2; i++) {
      const err = (await caught(client.execute('SELECT 2 AS two'))) as DatabaseError;
      expect(err.status).toBe(503);
    }
    expect((await client.execute('SELECT 2 AS two')).rows).toEqual([{ two: '2' }]);
    expect(await control(endpoint.url)).toMatchObject({ failNext: null });
  });

  it('adds a random delay of up to jitterMs to each call, and refuses bad switch values', async () => {
    expect(await control(endpoint.url, { jitterMs: 5 })).toMatchObject({ jitterMs: 5 });
    expect((await client.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: '1' }]);
    await control(endpoint.url, { jitterMs: 0 });
    for (const body of [
      { jitterMs: -1 },
      { failNext: { match: '', count: 1 } },
      { failNext: 'x' },
    ]) {
      const res = await fetch(endpointPath('/__control', endpoint.url), {
        method: 'POST',
        headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
    }
  });

  it("refuses connections in 'refuse' mode and listens again on the same port", async () => {
    const controlUrl = endpoint.controlUrl;
    if (!controlUrl) throw new Error('controlUrl missing');
    const port = endpoint.port;
    await client.execute('SELECT 1');

    await control(controlUrl, { failure: 'refuse' });
    const err = (await caught(client.execute('SELECT 1'))) as Error & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNREFUSED');
    expect(await control(controlUrl)).toMatchObject({ failure: 'refuse' });

    await control(controlUrl, { failure: null });
    expect(endpoint.port).toBe(port);
    expect((await client.execute('SELECT 2 AS ok')).rows).toEqual([{ ok: '2' }]);

    await endpoint.setFailure('refuse');
    expect(
      ((await caught(client.execute('SELECT 1'))) as Error & { cause?: { code?: string } }).cause
        ?.code,
    ).toBe('ECONNREFUSED');
    await endpoint.setFailure(null);
    expect((await client.execute('SELECT 3 AS ok')).rows).toEqual([{ ok: '3' }]);

    // asked on the main port itself, the switch is answered first and then closes that port
    expect(await control(endpoint.url, { failure: 'refuse' })).toMatchObject({ failure: 'refuse' });
    await expect
      .poll(
        async () =>
          ((await caught(client.execute('SELECT 1'))) as { cause?: { code?: string } }).cause?.code,
      )
      .toBe('ECONNREFUSED');
    await endpoint.setFailure(null);
    expect((await client.execute('SELECT 4 AS ok')).rows).toEqual([{ ok: '4' }]);
  });
});

describe('integer literals', () => {
  it('are INT64, as MySQL 8 and Vitess type them, so the driver returns strings; columns keep their own type', async () => {
    await client.execute("INSERT INTO items (name, qty) VALUES ('lit', 7)");
    const res = await client.execute(
      "SELECT 1 AS one, 2 + 3 AS five, -4 AS neg, qty, COUNT(*) OVER () AS n FROM items WHERE name = 'lit'",
    );
    expect(res.types).toMatchObject({
      one: 'INT64',
      five: 'INT64',
      neg: 'INT64',
      qty: 'INT32',
      n: 'INT64',
    });
    expect(res.rows).toEqual([{ one: '1', five: '5', neg: '-4', qty: 7, n: '1' }]);
  });
});

describe('PlanetScale limits', () => {
  const digits =
    '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  const hundredThousand = `SELECT 1 AS i FROM ${digits} a, ${digits} b, ${digits} c, ${digits} d, ${digits} e`;
  const rows = (n: 100_000 | 100_001) =>
    n === 100_000 ? hundredThousand : `${hundredThousand} UNION ALL SELECT 2`;

  it('returns 100,000 rows and refuses 100,001 with RESOURCE_EXHAUSTED', async () => {
    expect((await client.execute(rows(100_000))).size).toBe(100_000);
    const err = (await caught(client.execute(rows(100_001)))) as DatabaseError;
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err.body.code).toBe('RESOURCE_EXHAUSTED');
    expect(err.message).toMatch(
      /code = ResourceExhausted desc = Row count exceeded 100000 \(errno 10001\)/,
    );
  });

  it('rolls back a transaction open longer than the timeout, even mid-statement, and tells the session', async () => {
    const short = await startPlanetScaleEndpoint({ mysqlUrl: dbUrl, transactionTimeoutMs: 300 });
    try {
      const conn = connect({ url: short.url });
      await conn.execute('BEGIN');
      await conn.execute('INSERT INTO items (name) VALUES (?)', ['too-slow']);
      const started = Date.now();
      const sleeping = (await caught(conn.execute('SELECT SLEEP(5)'))) as DatabaseError;
      expect(Date.now() - started).toBeLessThan(3000);
      expect(sleeping.body.code).toBe('ABORTED');
      expect(sleeping.message).toContain('exceeded timeout: 0.3s');
      const commit = (await caught(conn.execute('COMMIT'))) as DatabaseError;
      expect(commit.body.code).toBe('ABORTED');
      expect(await count('items')).toBe(0);
      // its row lock is gone: the same key is free at once
      await client.execute('INSERT INTO items (name) VALUES (?)', ['too-slow']);
      await conn.execute('ROLLBACK');

      await conn.execute('BEGIN');
      await sleep(700);
      expect(((await caught(conn.execute('SELECT 1'))) as DatabaseError).body.code).toBe('ABORTED');
      await conn.execute('ROLLBACK');
      expect((await conn.execute('SELECT 1 AS ok')).size).toBe(1);
    } finally {
      await short.close();
    }
  });
});

describe('idle sessions', () => {
  it('rolls back the open transaction of a session left idle, and tells that session so', async () => {
    const short = await startPlanetScaleEndpoint({ mysqlUrl: dbUrl, sessionIdleMs: 200 });
    try {
      const conn = connect({ url: short.url });
      await conn.execute('BEGIN');
      await conn.execute('INSERT INTO items (name) VALUES (?)', ['abandoned']);
      await sleep(800);
      expect(await count('items')).toBe(0);
      // the row lock is gone too: the same key can be written right away
      await client.execute('INSERT INTO items (name) VALUES (?)', ['abandoned']);

      const err = (await caught(conn.execute('COMMIT'))) as DatabaseError;
      expect(err).toBeInstanceOf(DatabaseError);
      expect(err.body.code).toBe('ABORTED');
      await conn.execute('ROLLBACK');
      expect((await conn.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: '1' }]);
    } finally {
      await short.close();
    }
  });
});
