import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a PlanetScale deploy request (Vitess online DDL with safe migrations) needs from a migration:
// every table keeps a primary key, and nothing that cannot be reverted or that breaks the running
// code: no FOREIGN KEY, no DROP COLUMN, no RENAME.

export interface MigrationProblem {
  file: string;
  statement: string;
  problem: string;
}

// Comments and quoted text can say anything; only the SQL around them is linted.
function codeOnly(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(?:--|#)[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "''")
    .replace(/"(?:[^"\\]|\\.|"")*"/g, '""');
}

const DROP_NOT_A_COLUMN = /^(?:INDEX|KEY|PRIMARY|FOREIGN|CONSTRAINT|CHECK|DEFAULT|PARTITION)\b/i;

function statementProblems(statement: string): string[] {
  const code = codeOnly(statement);
  const problems: string[] = [];
  if (/\bFOREIGN\s+KEY\b|\bREFERENCES\b/i.test(code))
    problems.push('FOREIGN KEY: PlanetScale refuses foreign key constraints');
  if (/\bRENAME\b/i.test(code))
    problems.push(
      'RENAME: the running code still uses the old name while the deploy request runs; add the new, backfill, then stop using the old',
    );
  const change = /\bCHANGE\s+(?:COLUMN\s+)?(`[^`]+`|\w+)\s+(`[^`]+`|\w+)/i.exec(code);
  if (change && change[1]!.replace(/`/g, '') !== change[2]!.replace(/`/g, ''))
    problems.push('CHANGE COLUMN renames a column: the same as RENAME');
  if (/^\s*ALTER\s+TABLE\b/i.test(code)) {
    for (const drop of code.matchAll(/\bDROP\s+(?!TABLE\b)(COLUMN\s+)?(\S+)/gi)) {
      const what = drop[2]!;
      if (drop[1] || !DROP_NOT_A_COLUMN.test(what))
        problems.push(
          `DROP COLUMN ${what}: deploy a release that stops reading it first; dropping data cannot be reverted`,
        );
    }
    if (
      /\bDROP\s+PRIMARY\s+KEY\b/i.test(code) &&
      !/\bADD\s+(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\b/i.test(code)
    ) {
      problems.push('DROP PRIMARY KEY: every table needs a primary key for online schema changes');
    }
  }
  if (
    /^\s*CREATE\s+TABLE\b/i.test(code) &&
    !/\bPRIMARY\s+KEY\b/i.test(code) &&
    !/\bLIKE\b/i.test(code)
  ) {
    problems.push(
      'CREATE TABLE without a PRIMARY KEY: every table needs one for online schema changes',
    );
  }
  return problems;
}

/** Problems in one migration file's SQL (statements split at drizzle-kit's breakpoints and semicolons). */
export function lintMigrationSql(file: string, sql: string): MigrationProblem[] {
  const statements = sql
    .split(/-->\s*statement-breakpoint|;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => codeOnly(s).trim().length > 0);
  return statements.flatMap((statement) =>
    statementProblems(statement).map((problem) => ({
      file,
      statement: statement.slice(0, 120),
      problem,
    })),
  );
}

interface Snapshot {
  tables: Record<
    string,
    {
      columns: Record<string, { primaryKey?: boolean }>;
      compositePrimaryKeys: Record<string, unknown>;
    }
  >;
}

/** Tables of drizzle-kit's latest snapshot that have no primary key. */
export function lintSnapshot(file: string, snapshot: Snapshot): MigrationProblem[] {
  return Object.entries(snapshot.tables)
    .filter(
      ([, t]) =>
        Object.keys(t.compositePrimaryKeys).length === 0 &&
        !Object.values(t.columns).some((c) => c.primaryKey),
    )
    .map(([name]) => ({ file, statement: name, problem: `table ${name} has no primary key` }));
}

/** Every problem in a migrations folder: each .sql file, and the schema of the latest snapshot. */
export function lintMigrations(folder: string): MigrationProblem[] {
  const sqlFiles = readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const problems = sqlFiles.flatMap((f) =>
    lintMigrationSql(f, readFileSync(join(folder, f), 'utf8')),
  );
  const snapshots = readdirSync(join(folder, 'meta'))
    .filter((f) => f.endsWith('_snapshot.json'))
    .sort();
  const latest = snapshots.at(-1);
  if (latest)
    problems.push(
      ...lintSnapshot(
        `meta/${latest}`,
        JSON.parse(readFileSync(join(folder, 'meta', latest), 'utf8')) as Snapshot,
      ),
    );
  return problems;
}

export function formatProblems(problems: MigrationProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.problem}\n    ${p.statement}`).join('\n');
}
