/** PostgreSQL through psql over SSH: connections, locks and their blockers, statements, replication, errors. */
export { parseCsv, type CsvRow } from './csv.js';
export { psqlCommand, type PsqlOptions } from './psql-command.js';
export { sampleStatements, INFO_SQL, type ServerFacts } from './postgres-queries.js';
export { parseSample, type ParsedSample } from './parse-postgres.js';
export { buildLockReport, type LockRow } from './lock-tree.js';
export { PostgresCollector, PostgresError, psqlErrors, type PostgresOptions, type PostgresTarget } from './postgres-collector.js';
export type * from '../../model/database-reading.js';
