import type { FieldPacket, ResultSetHeader } from 'mysql2/promise';
import type { RawValue } from './wire.ts';

export type QueryOutcome =
  | { kind: 'rows'; fields: FieldPacket[]; rows: RawValue[][]; header: ResultSetHeader | null }
  | { kind: 'ok'; header: ResultSetHeader | null };

function isHeader(value: unknown): value is ResultSetHeader {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'affectedRows' in value
  );
}

// CALL returns several result sets; PlanetScale only forwards the first one.
export function toOutcome(result: unknown, fields: unknown): QueryOutcome {
  if (isHeader(result)) return { kind: 'ok', header: result };
  if (!Array.isArray(result)) return { kind: 'ok', header: null };
  const multi = Array.isArray(fields) && Array.isArray(fields[0]);
  if (!multi)
    return {
      kind: 'rows',
      fields: (fields ?? []) as FieldPacket[],
      rows: result as RawValue[][],
      header: null,
    };
  const last: unknown = result[result.length - 1];
  return {
    kind: 'rows',
    fields: (fields as FieldPacket[][])[0] ?? [],
    rows: (result[0] ?? []) as RawValue[][],
    header: isHeader(last) ? last : null,
  };
}
