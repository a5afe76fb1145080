import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './migrate.ts';
import {
  formatProblems,
  lintMigrationSql,
  lintMigrations,
  lintSnapshot,
} from './migration-lint.ts';

const problemsOf = (sql: string) =>
  lintMigrationSql('x.sql', sql).map((p) => p.problem.split(':')[0]);

describe('migrations/', () => {
  it('are safe for a PlanetScale deploy request: primary keys everywhere, no FOREIGN KEY, DROP COLUMN or RENAME', () => {
    const problems = lintMigrations(migrationsFolder);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('the migration lint', () => {
  it('refuses a table without a primary key, in SQL and in the schema snapshot', () => {
    expect(problemsOf('CREATE TABLE `t` (\n\t`a` int NOT NULL\n);')).toEqual([
      'CREATE TABLE without a PRIMARY KEY',
    ]);
    expect(problemsOf('ALTER TABLE `t` DROP PRIMARY KEY;')).toEqual(['DROP PRIMARY KEY']);
    expect(problemsOf('ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`, `b`);')).toEqual([]);
    const snapshot = {
      tables: {
        keyed: { columns: { id: { primaryKey: true } }, compositePrimaryKeys: {} },
        composite: { columns: { a: {} }, compositePrimaryKeys: { composite_pk: {} } },
        bare: { columns: { a: { primaryKey: false } }, compositePrimaryKeys: {} },
      },
    };
    expect(lintSnapshot('meta/9_snapshot.json', snapshot).map((p) => p.problem)).toEqual([
      'table bare has no primary key',
    ]);
  });

  it('refuses foreign keys', () => {
    expect(
      problemsOf('ALTER TABLE `c` ADD CONSTRAINT `c_fk` FOREIGN KEY (`a`) REFERENCES `a`(`id`);'),
    ).toEqual(['FOREIGN KEY']);
    expect(
      problemsOf('CREATE TABLE `c` (`id` int PRIMARY KEY, `a` int REFERENCES `a`(`id`));'),
    ).toEqual(['FOREIGN KEY']);
  });

  it('refuses dropped and renamed columns and tables', () => {
    expect(problemsOf('ALTER TABLE `clicks` DROP COLUMN `sub5`;')).toEqual(['DROP COLUMN `sub5`']);
    expect(problemsOf('ALTER TABLE `clicks` DROP `sub5`;')).toEqual(['DROP COLUMN `sub5`']);
    expect(problemsOf('ALTER TABLE `clicks` RENAME COLUMN `sub5` TO `sub6`;')).toEqual(['RENAME']);
    expect(problemsOf('RENAME TABLE `clicks` TO `visits`;')).toEqual(['RENAME']);
    expect(problemsOf('ALTER TABLE `clicks` CHANGE `sub5` `sub6` varchar(255);')).toEqual([
      'CHANGE COLUMN renames a column',
    ]);
  });

  it('lets through what a deploy request runs safely, and words inside strings and comments', () => {
    const safe = [
      'CREATE TABLE `t` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\tCONSTRAINT `t_id` PRIMARY KEY(`id`)\n);',
      'ALTER TABLE `clicks` ADD `device` varchar(16);',
      'ALTER TABLE `clicks` MODIFY COLUMN `click_id` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;',
      'ALTER TABLE `clicks` CHANGE `sub5` `sub5` varchar(300);',
      'DROP INDEX `clicks_old` ON `clicks`;',
      'ALTER TABLE `clicks` DROP INDEX `clicks_old`;',
      "UPDATE `campaigns` SET `name` = 'rename me; drop column x' WHERE id = 1; -- no foreign key here",
    ].join('\n--> statement-breakpoint\n');
    expect(lintMigrationSql('safe.sql', safe)).toEqual([]);
  });
});
