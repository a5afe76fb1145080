import type { CsvFile } from '../api/client.ts';

/** Saves a fetched file through a temporary Blob link (the API needs the bearer header, so a plain link cannot). */
export function saveFile({ filename, blob }: CsvFile, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
