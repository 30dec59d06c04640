/**
 * The Database pane's source: one psql run over SSH per interval (all statements in one
 * session, one exec channel), parsed into a DatabaseSnapshot. The first sample asks the server
 * its version and whether pg_stat_statements is installed, so the SQL fits the server; every
 * sample re-reads both, so an upgrade or a CREATE EXTENSION is picked up.
 */
import type { DatabaseConfig } from '../../config/inventory-schema.js';
import { counterIncrease } from '../prometheus/counter-rate.js';
import type { Transport } from '../app-metrics/transport.js';
import { parseCsv } from './csv.js';
import { parseSample, type ParsedSample } from './parse-postgres.js';
import { INFO_SQL, sampleStatements, type ServerFacts } from './postgres-queries.js';
import { ERROR_COUNTERS, type DatabaseCounters, type DatabaseSnapshot, type ErrorCounter, type StatementsReport } from '../../model/database-reading.js';
import { psqlCommand } from './psql-command.js';

export class PostgresError extends Error {
  constructor(
    message: string,
    readonly host: string,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

export interface PostgresTarget {
  component: string;
  transport: Transport;
  database: DatabaseConfig;
}

export interface PostgresOptions {
  timeoutMs: number;
  now?: () => number;
}

/** The server's error messages in psql's stderr, without the `ERROR:` prefix. */
export const psqlErrors = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => /\b(ERROR|FATAL):/.test(l))
    .map((l) => l.replace(/^.*?\b(ERROR|FATAL):\s*/, ''));

function totalsOf(dbs: readonly DatabaseCounters[]): Record<ErrorCounter, number> & { blocksRead: number; blocksHit: number } {
  const sum = (pick: (d: DatabaseCounters) => number) => dbs.reduce((a, d) => a + pick(d), 0);
  return {
    rollbacks: sum((d) => d.rollbacks),
    conflicts: sum((d) => d.conflicts),
    deadlocks: sum((d) => d.deadlocks),
    tempFiles: sum((d) => d.tempFiles),
    tempBytes: sum((d) => d.tempBytes),
    checksumFailures: sum((d) => d.checksumFailures),
    blocksRead: sum((d) => d.blocksRead),
    blocksHit: sum((d) => d.blocksHit),
  };
}

const ratio = (hit: number, read: number): number | null => (hit + read > 0 ? hit / (hit + read) : null);

export class PostgresCollector {
  private facts: ServerFacts | undefined;
  private previous: ReturnType<typeof totalsOf> | undefined;

  constructor(
    readonly target: PostgresTarget,
    private readonly options: PostgresOptions,
  ) {}

  private get host(): string {
    return this.target.transport.host;
  }

  private async psql(statements: readonly string[]): Promise<{ parsed: ParsedSample; errors: string[] }> {
    const command = psqlCommand(this.target.database, statements, { connectTimeoutSeconds: this.options.timeoutMs / 2000 });
    const result = await this.target.transport.exec(command, { timeoutMs: this.options.timeoutMs });
    const errors = psqlErrors(result.stderr);
    // psql exits 0 when a -c statement fails (we read those from stderr), 1 or 2 when it cannot work at all.
    if (result.code !== 0) {
      const why = (errors.join('; ') || result.stderr.trim() || `exit ${result.code ?? result.signal}`).slice(0, 300);
      throw new PostgresError(`${this.host}: psql -d ${this.target.database.database} failed: ${why}`, this.host);
    }
    const parsed = parseSample(parseCsv(result.stdout), `${this.host}: psql`);
    return { parsed, errors };
  }

  async sample(): Promise<DatabaseSnapshot> {
    const now = this.options.now ?? Date.now;
    if (this.facts === undefined) {
      const { parsed } = await this.psql([INFO_SQL]);
      if (!parsed.info) throw new PostgresError(`${this.host}: psql gave no answer to the server-info query`, this.host);
      this.facts = { version: parsed.info.version, statementsInstalled: parsed.info.statementsInstalled };
    }
    const timeMs = now();
    const { parsed, errors } = await this.psql(sampleStatements(this.facts));
    const info = parsed.info;
    if (!info) throw new PostgresError(`${this.host}: psql gave no answer to the server-info query`, this.host);
    const statements = this.statementsReport(parsed, errors);
    this.facts = { version: info.version, statementsInstalled: info.statementsInstalled };

    const totals = totalsOf(parsed.databases);
    const prev = this.previous;
    this.previous = totals;
    const interval = prev
      ? (Object.fromEntries(ERROR_COUNTERS.map((k) => [k, counterIncrease(prev[k], totals[k])])) as Record<ErrorCounter, number>)
      : null;
    const usable = info.maxConnections - info.reserved;
    const { blocksRead, blocksHit, ...errorTotals } = totals;
    return {
      component: this.target.component,
      host: this.host,
      timeMs,
      serverVersion: info.version,
      connections: {
        ...parsed.connections,
        max: info.maxConnections,
        reservedForSuperuser: info.reserved,
        usedRatio: usable > 0 ? parsed.connections.total / usable : 1,
      },
      longestTransactions: parsed.longestTransactions,
      locks: parsed.locks,
      cache: {
        hitRatio: ratio(blocksHit, blocksRead),
        intervalHitRatio: prev ? ratio(counterIncrease(prev.blocksHit, blocksHit), counterIncrease(prev.blocksRead, blocksRead)) : null,
      },
      statements,
      replication: { role: info.inRecovery ? 'standby' : 'primary', ...parsed.replication },
      errors: { totals: errorTotals, interval, byDatabase: parsed.databases },
    };
  }

  private statementsReport(parsed: ParsedSample, errors: readonly string[]): StatementsReport {
    const { byTotalTime, byMeanTime } = parsed.statements;
    if (!this.facts?.statementsInstalled) {
      return { available: false, reason: `pg_stat_statements is not installed in database ${this.target.database.database}`, byTotalTime, byMeanTime };
    }
    const failure = errors.find((e) => /pg_stat_statements/.test(e)) ?? (parsed.statements.ran && errors.length > 0 ? errors[0] : undefined);
    if (failure !== undefined) return { available: false, reason: failure, byTotalTime: [], byMeanTime: [] };
    return { available: true, byTotalTime, byMeanTime };
  }
}
