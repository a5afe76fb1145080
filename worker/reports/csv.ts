// RFC 4180 quoting, plus a leading quote on cells a spreadsheet would run as a formula.
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T extends object>(columns: string[], rows: T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((col) => cell((row as Record<string, unknown>)[col])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
