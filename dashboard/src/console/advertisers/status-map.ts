import type { FailureIssue } from '../../api/failure.ts';
import type { MappedStatus } from '../api.ts';

/** One line of the status map editor: the advertiser's value, and what it becomes. */
export interface MapRow {
  key: string;
  value: MappedStatus;
}

export const mappedStatuses: readonly MappedStatus[] = ['approved', 'pending', 'rejected'];

// As the API checks a key (worker/schemas/status-map.ts): printable ASCII, 1 to 32 characters, no
// leading or trailing space. Used only to place the API's message at the line it is about.
const STATUS_VALUE = /^[\x21-\x7E](?:[\x20-\x7E]{0,30}[\x21-\x7E])?$/;

export function rowsOf(map: Readonly<Record<string, MappedStatus>>): MapRow[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

const blank = (row: MapRow) => row.key.trim() === '';

/**
 * The map to send: blank lines are left out; a value listed twice is an error at its second line
 * (an object cannot hold it twice, so the API would never see it). Everything else is the API's to judge.
 */
export function mapOfRows(rows: readonly MapRow[]): {
  map: Record<string, MappedStatus>;
  errors: Map<number, string>;
} {
  const errors = new Map<number, string>();
  const seen = new Map<string, number>();
  const entries: [string, MappedStatus][] = [];
  rows.forEach((row, i) => {
    if (blank(row)) return;
    const first = seen.get(row.key);
    if (first !== undefined) {
      errors.set(i, `“${row.key}” is already on line ${first + 1}: each value maps to one status.`);
      return;
    }
    seen.set(row.key, i);
    entries.push([row.key, row.value]);
  });
  // fromEntries keeps every key as plain data, "__proto__" included.
  return { map: Object.fromEntries(entries), errors };
}

/**
 * The API's validation messages, each where it belongs: a message naming a key goes to that key's
 * line, one about the keys' form to the first line that breaks it, the rest to the map as a whole.
 */
export function placeIssues(
  rows: readonly MapRow[],
  issues: readonly FailureIssue[],
): { lines: Map<number, string>; map: string[]; name: string | null } {
  const lines = new Map<number, string>();
  const map: string[] = [];
  let name: string | null = null;
  for (const issue of issues) {
    if (issue.path === 'name') {
      name = issue.message;
      continue;
    }
    if (!issue.path.startsWith('status_map')) {
      map.push(issue.message);
      continue;
    }
    const named = /\(key "((?:[^"\\]|\\.)*)"\)/.exec(issue.message)?.[1];
    const key = named === undefined ? undefined : (JSON.parse(`"${named}"`) as string);
    let line = key === undefined ? -1 : rows.findIndex((r) => r.key === key);
    if (line === -1 && /keys/.test(issue.message))
      line = rows.findIndex((r) => !blank(r) && !STATUS_VALUE.test(r.key));
    if (line === -1) map.push(issue.message);
    else lines.set(line, issue.message);
  }
  return { lines, map, name };
}
