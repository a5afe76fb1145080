// What every PlanetScale connection runs with: UTC and MySQL 8's default sql_mode. MariaDB's
// ONLY_FULL_GROUP_BY is stricter than MySQL's (no functional-dependency check), so a query
// MariaDB accepts under these modes is one PlanetScale accepts too.
export const MYSQL8_SQL_MODE =
  'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

export const PLANETSCALE_SESSION_SQL = `SET time_zone = '+00:00', sql_mode = '${MYSQL8_SQL_MODE}'`;
