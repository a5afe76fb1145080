import { customType } from 'drizzle-orm/mysql-core';

// Identifiers that must match byte for byte (click ids, txids, event names, key hashes): a
// binary collation, valid on MySQL 8 and MariaDB alike, so 'abc' ≠ 'ABC' ≠ 'abc ' everywhere.
// The database default (utf8mb4_0900_ai_ci on PlanetScale) folds case and accents.
const EXACT = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

export const exactVarchar = customType<{
  data: string;
  driverData: string;
  config: { length: number };
  configRequired: true;
}>({
  dataType: (config) => `varchar(${config.length}) ${EXACT}`,
});

export const exactChar = customType<{
  data: string;
  driverData: string;
  config: { length: number };
  configRequired: true;
}>({
  dataType: (config) => `char(${config.length}) ${EXACT}`,
});
