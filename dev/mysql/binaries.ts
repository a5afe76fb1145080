import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

export interface MysqlBinaries {
  flavor: 'mariadb' | 'mysql';
  server: string;
  /** mariadb-install-db / mysql_install_db; null for MySQL, which initializes via `mysqld --initialize-insecure` */
  installDb: string | null;
}

// Package managers put the server daemon in sbin, which is often missing from PATH.
const EXTRA_DIRS = [
  '/usr/sbin',
  '/usr/local/sbin',
  '/usr/local/bin',
  '/opt/homebrew/bin',
  '/usr/local/mysql/bin',
];

function searchDirs(): string[] {
  const fromPath = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return [...new Set([...fromPath, ...EXTRA_DIRS])];
}

export function findExecutable(names: readonly string[]): string | null {
  for (const name of names) {
    for (const dir of searchDirs()) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here, keep looking
      }
    }
  }
  return null;
}

export function findMysqlBinaries(): MysqlBinaries | null {
  const server = findExecutable(['mariadbd', 'mysqld']);
  if (!server) return null;
  // mysqld is a MariaDB alias on some distributions, so ask the binary itself
  const version = execFileSync(server, ['--version'], { encoding: 'utf8' });
  if (/mariadb/i.test(version)) {
    return {
      flavor: 'mariadb',
      server,
      installDb: findExecutable(['mariadb-install-db', 'mysql_install_db']),
    };
  }
  return { flavor: 'mysql', server, installDb: null };
}
