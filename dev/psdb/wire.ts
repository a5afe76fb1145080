import type { FieldPacket, ResultSetHeader } from 'mysql2/promise';
import { BINARY_CHARSET, mysqlFlags, vitessType } from './vitess-types.ts';

// Shapes follow PlanetScale's protobuf JSON: zero values ("", 0, empty lists) are left out
// and 64-bit integers are strings.

export interface WireField {
  name: string;
  type?: string;
  table?: string;
  orgTable?: string;
  database?: string;
  orgName?: string;
  columnLength?: number;
  charset?: number;
  decimals?: number;
  flags?: number;
}

export interface WireRow {
  lengths: string[];
  values?: string;
}

export interface WireResult {
  fields?: WireField[];
  rows?: WireRow[];
  rowsAffected?: string;
  insertId?: string;
}

/** A raw column value exactly as the server sent it in the text protocol; null is SQL NULL. */
export type RawValue = Buffer | null;

function setIfPresent<K extends keyof WireField>(
  field: WireField,
  key: K,
  value: WireField[K] | undefined,
): void {
  if (value !== undefined && value !== '' && value !== 0) field[key] = value;
}

// MySQL 8 types every integer expression, literals included (`SELECT 1`), as BIGINT, which Vitess
// sends as INT64 and the driver returns as a string; MariaDB types small ones as INT.
const NARROW_INTEGER: Readonly<Record<string, string>> = {
  INT8: 'INT64',
  INT16: 'INT64',
  INT24: 'INT64',
  INT32: 'INT64',
  UINT8: 'UINT64',
  UINT16: 'UINT64',
  UINT24: 'UINT64',
  UINT32: 'UINT64',
};

export function toWireField(packet: FieldPacket): WireField {
  const columnType = packet.columnType ?? packet.type ?? 6;
  const rawFlags = typeof packet.flags === 'number' ? packet.flags : 0;
  const columnTypeName = vitessType(columnType, rawFlags, packet.extendedFormat);
  const type = packet.orgTable
    ? columnTypeName
    : (NARROW_INTEGER[columnTypeName] ?? columnTypeName);
  const field: WireField = { name: packet.name };
  // NULL_TYPE is the protobuf enum's zero value, so it is omitted like every other default
  if (type !== 'NULL_TYPE') field.type = type;
  setIfPresent(field, 'table', packet.table);
  setIfPresent(field, 'orgTable', packet.orgTable);
  setIfPresent(field, 'database', packet.schema ?? packet.db);
  setIfPresent(field, 'orgName', packet.orgName);
  setIfPresent(field, 'columnLength', packet.columnLength ?? packet.length);
  // MySQL reports JSON with the binary charset; MariaDB's JSON alias carries the text one
  setIfPresent(field, 'charset', type === 'JSON' ? BINARY_CHARSET : packet.characterSet);
  // MariaDB's "not fixed" decimals marker is 39 where MySQL sends 31
  setIfPresent(field, 'decimals', packet.decimals === 39 ? 31 : packet.decimals);
  setIfPresent(field, 'flags', mysqlFlags(type, rawFlags));
  return field;
}

export function toWireRow(values: readonly RawValue[]): WireRow {
  const lengths: string[] = [];
  const chunks: Buffer[] = [];
  for (const value of values) {
    if (value === null) {
      lengths.push('-1');
    } else {
      lengths.push(String(value.length));
      chunks.push(value);
    }
  }
  const bytes = Buffer.concat(chunks);
  return bytes.length > 0 ? { lengths, values: bytes.toString('base64') } : { lengths };
}

export function rowsResult(
  fields: readonly FieldPacket[],
  rows: readonly (readonly RawValue[])[],
): WireResult {
  const result: WireResult = {};
  if (fields.length > 0) result.fields = fields.map(toWireField);
  if (rows.length > 0) result.rows = rows.map(toWireRow);
  return result;
}

export function okResult(header: ResultSetHeader): WireResult {
  const result: WireResult = {};
  if (header.affectedRows) result.rowsAffected = String(header.affectedRows);
  // the protocol's insert id is unsigned; the client library may read it as signed
  const insertId = BigInt.asUintN(64, BigInt(header.insertId ?? 0));
  if (insertId !== 0n) result.insertId = insertId.toString();
  return result;
}
