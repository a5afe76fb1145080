import { chmodSync, writeFileSync } from 'node:fs';

/**
 * Writes a file only its owner can read (0600): .dev/stack.json holds the admin token, API keys and
 * postback secrets. The mode is set again for a file that already existed with a looser one.
 */
export function writePrivateFile(path: string, contents: string): void {
  writeFileSync(path, contents, { mode: 0o600 });
  chmodSync(path, 0o600);
}
