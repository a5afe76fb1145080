import { logEvent } from '../lib/log.ts';

// A spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
// A reader that splits on another separator (`;` in many locales, tab) starts a cell mid-field.
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n] *)([=+\-@])/g;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * RFC 4180 cell. Every text field is quoted, so a `;` or `,` in it never splits the cell, and a
 * formula character at its start or after any separator inside it gets a leading `'`.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let text = value;
  if (!DECIMAL.test(text)) {
    text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'$2");
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return `"${text.replace(/"/g, '""')}"`;
}

function csvLines<T extends object>(columns: string[], rows: T[]): string {
  let text = '';
  for (const row of rows)
    text += `${columns.map((col) => cell((row as Record<string, unknown>)[col])).join(',')}\r\n`;
  return text;
}

export function toCsv<T extends object>(columns: string[], rows: T[]): string {
  return `${columns.join(',')}\r\n${csvLines(columns, rows)}`;
}

/**
 * A CSV body read from the database one page at a time as the client downloads it, so memory
 * holds one page whatever the export's size. `nextPage` gets the last row sent (undefined for the
 * first page); a page shorter than `pageSize` is the last.
 */
export function csvStream<R, T extends object>(
  columns: string[],
  firstPage: R[],
  nextPage: (after: R) => Promise<R[]>,
  pageSize: number,
  toRecord: (row: R) => T,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let page: R[] | undefined = firstPage;
  let header = `${columns.join(',')}\r\n`;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = page ?? [];
      const last = rows.at(-1);
      controller.enqueue(encoder.encode(header + csvLines(columns, rows.map(toRecord))));
      header = '';
      if (rows.length < pageSize || last === undefined) {
        controller.close();
        return;
      }
      try {
        page = await nextPage(last);
      } catch (err) {
        logEvent('error', { msg: 'CSV export failed mid-stream', error: String(err) });
        controller.error(err);
      }
    },
  });
}
