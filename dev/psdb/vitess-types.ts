// MySQL protocol column types and flags translated the way Vitess does (go/sqltypes/type.go),
// so the driver's default cast() sees the same type names as against PlanetScale.

const MYSQL_TO_VITESS: Readonly<Record<number, string>> = {
  0: 'DECIMAL',
  1: 'INT8',
  2: 'INT16',
  3: 'INT32',
  4: 'FLOAT32',
  5: 'FLOAT64',
  6: 'NULL_TYPE',
  7: 'TIMESTAMP',
  8: 'INT64',
  9: 'INT24',
  10: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  14: 'DATE',
  15: 'VARCHAR',
  16: 'BIT',
  17: 'TIMESTAMP',
  18: 'DATETIME',
  19: 'TIME',
  242: 'VECTOR',
  245: 'JSON',
  246: 'DECIMAL',
  247: 'ENUM',
  248: 'SET',
  249: 'TEXT',
  250: 'TEXT',
  251: 'TEXT',
  252: 'TEXT',
  253: 'VARCHAR',
  254: 'CHAR',
  255: 'GEOMETRY',
};

export const FLAG_UNSIGNED = 32;
export const FLAG_BINARY = 128;
export const FLAG_ENUM = 256;
export const FLAG_SET = 2048;
export const FLAG_NUM = 32768;

/** Charset id MySQL uses for binary data; the driver turns these values into Uint8Array. */
export const BINARY_CHARSET = 63;

const UNSIGNED_VARIANT: Readonly<Record<string, string>> = {
  INT8: 'UINT8',
  INT16: 'UINT16',
  INT24: 'UINT24',
  INT32: 'UINT32',
  INT64: 'UINT64',
};

const BINARY_VARIANT: Readonly<Record<string, string>> = {
  TEXT: 'BLOB',
  VARCHAR: 'VARBINARY',
  CHAR: 'BINARY',
};

/** Vitess type name for a MySQL column; `json` is MariaDB's extended format for its JSON alias of LONGTEXT. */
export function vitessType(columnType: number, flags: number, extendedFormat?: string): string {
  if (extendedFormat === 'json') return 'JSON';
  const base = MYSQL_TO_VITESS[columnType];
  if (base === undefined) throw new Error(`unsupported MySQL column type ${columnType}`);
  if (flags & FLAG_UNSIGNED) {
    const unsigned = UNSIGNED_VARIANT[base];
    if (unsigned) return unsigned;
  }
  if (flags & FLAG_BINARY) {
    const binary = BINARY_VARIANT[base];
    if (binary) return binary;
  }
  if (base === 'CHAR' && flags & FLAG_ENUM) return 'ENUM';
  if (base === 'CHAR' && flags & FLAG_SET) return 'SET';
  return base;
}

const NUMERIC = new Set([
  'INT8',
  'UINT8',
  'INT16',
  'UINT16',
  'INT24',
  'UINT24',
  'INT32',
  'UINT32',
  'INT64',
  'UINT64',
  'FLOAT32',
  'FLOAT64',
  'DECIMAL',
  'YEAR',
  'NULL_TYPE',
]);

/** MySQL marks numeric columns with NUM_FLAG; MariaDB does not send it, so it is added back. */
export function mysqlFlags(type: string, flags: number): number {
  return NUMERIC.has(type) ? flags | FLAG_NUM : flags;
}
