import { fileURLToPath } from 'node:url';
import { findMysqlBinaries } from './binaries.ts';
import { findRunningInstance, startPrivateInstance } from './private-instance.ts';
import { probeMysql } from './probe.ts';
import { mysqlUrlFormProblem, mysqlUrlProbeProblem } from './url.ts';

export interface MysqlServer {
  /** Server URL without a database, e.g. mysql://root@127.0.0.1:3306 */
  url: string;
  /** true when this process started a private instance */
  owned: boolean;
  /** Stops the private instance; a no-op when not owned. */
  stop(): Promise<void>;
  /** Only when owned: stop, then start again on the same data directory and port. */
  restart?(): Promise<void>;
}

export interface FindOrStartMysqlOptions {
  /** Folder for the private instance's files; default <repo>/.dev/mysql */
  dir?: string;
  log?: (line: string) => void;
  /** Skip MYSQL_URL and the default port and always start a private instance (used by tests). */
  forcePrivate?: boolean;
}

export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306';

export const NO_MYSQL_MESSAGE =
  'No MySQL found: set MYSQL_URL, start MySQL/MariaDB on 127.0.0.1:3306, or install MariaDB ' +
  '(Debian/Ubuntu: apt-get install mariadb-server; macOS: brew install mariadb)';

const DEFAULT_DIR = fileURLToPath(new URL('../../.dev/mysql', import.meta.url));

function withoutDatabase(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '';
  return parsed.toString().replace(/\/$/, '');
}

function external(url: string): MysqlServer {
  return { url, owned: false, stop: async () => {} };
}

/** MYSQL_URL, else root@127.0.0.1:3306, else a private MariaDB/MySQL started from the local binaries. */
export async function findOrStartMysql(opts: FindOrStartMysqlOptions = {}): Promise<MysqlServer> {
  const log = opts.log ?? (() => {});
  const dir = opts.dir ?? DEFAULT_DIR;

  if (!opts.forcePrivate) {
    const fromEnv = process.env['MYSQL_URL'];
    if (fromEnv) {
      const formProblem = mysqlUrlFormProblem(fromEnv);
      if (formProblem) throw new Error(formProblem);
      const probe = await probeMysql(fromEnv);
      if (!probe.ok) throw new Error(mysqlUrlProbeProblem(fromEnv, probe));
      log(`using MYSQL_URL (${probe.version})`);
      return external(withoutDatabase(fromEnv));
    }
    const local = await probeMysql(DEFAULT_MYSQL_URL);
    if (local.ok) {
      log(`using ${DEFAULT_MYSQL_URL} (${local.version})`);
      return external(DEFAULT_MYSQL_URL);
    }
    const shared = await findRunningInstance(dir);
    if (shared) {
      log(`using private instance started by another process at ${shared}`);
      return external(shared);
    }
  }

  const binaries = findMysqlBinaries();
  if (!binaries) throw new Error(NO_MYSQL_MESSAGE);
  const instance = await startPrivateInstance({ dir, binaries, log });
  return { url: instance.url, owned: true, stop: instance.stop, restart: instance.restart };
}
