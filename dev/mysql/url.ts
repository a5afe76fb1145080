import type { ProbeResult } from './probe.ts';

export const MYSQL_URL_FORM = 'mysql://user:password@host:port, e.g. mysql://root@127.0.0.1:3306';

/** The URL without its password, fit to print. */
export function redactMysqlUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Why MYSQL_URL cannot be used as written, or undefined when it is a mysql:// URL. */
export function mysqlUrlFormProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `MYSQL_URL (${redactMysqlUrl(url)}) is not a URL: expected ${MYSQL_URL_FORM}`;
  }
  if (parsed.protocol !== 'mysql:')
    return `MYSQL_URL (${redactMysqlUrl(url)}) must start with mysql://: expected ${MYSQL_URL_FORM}`;
  return undefined;
}

const CREDENTIAL_ERRORS = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);

/** What a failed probe of MYSQL_URL means for a person: no answer, or an answer that refused the credentials. */
export function mysqlUrlProbeProblem(
  url: string,
  probe: Extract<ProbeResult, { ok: false }>,
): string {
  const code = (probe.error as { code?: string }).code;
  if (code && CREDENTIAL_ERRORS.has(code))
    return `MYSQL_URL (${redactMysqlUrl(url)}) refused the credentials: ${probe.error.message}`;
  return `MYSQL_URL (${redactMysqlUrl(url)}) does not answer: ${probe.error.message}`;
}
