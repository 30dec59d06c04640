/**
 * The psql command line run on the database's host: unaligned CSV without headers, no psqlrc,
 * every value from the inventory and every SQL statement quoted with shellQuote.
 * `--csv` needs psql 12+.
 */
import type { DatabaseConfig } from '../../config/inventory-schema.js';
import { shellQuote } from '../../ssh/shell-quote.js';

export interface PsqlOptions {
  /** Seconds psql waits for the connection (PGCONNECT_TIMEOUT). */
  connectTimeoutSeconds?: number;
}

export function psqlCommand(db: Omit<DatabaseConfig, 'type'>, statements: readonly string[], options: PsqlOptions = {}): string {
  const sudo = db.sudoUser === undefined ? [] : ['sudo', '-n', '-u', db.sudoUser, '--'];
  // env after sudo: sudo resets the environment it is given.
  const env = ['env', `PGCONNECT_TIMEOUT=${Math.max(1, Math.round(options.connectTimeoutSeconds ?? 5))}`, 'PGAPPNAME=perfmon'];
  const conn = ['-U', db.user, '-d', db.database, '-p', String(db.port), ...(db.host === undefined ? [] : ['-h', db.host])];
  const args = [...sudo, ...env, db.psql, '-X', '-q', '--csv', '-t', ...conn, ...statements.flatMap((sql) => ['-c', sql])];
  return args.map(shellQuote).join(' ');
}
