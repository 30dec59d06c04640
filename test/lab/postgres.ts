/**
 * A throwaway PostgreSQL cluster for tests: the machine's PostgreSQL (Debian's postgresql-15),
 * initdb'd as the `postgres` user (as root) or the current user, data in a temp dir, listening
 * on 127.0.0.1 on a free port (socket in the temp dir), trust authentication, with
 * pg_stat_statements preloaded. Start it once per test file; stop() removes everything.
 *
 *   const pg = await startPostgres();
 *   await pg.sql('create table t(x int)', 'trading');
 *   const s = await pg.session('trading');  await s.run('begin');  …  s.close();
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort, passwdEntry } from './rabbitmq.js';

const run = promisify(execFile);

export interface PgSession {
  pid: number;
  /** Sends one statement; resolves with psql's next output line (a command tag or a value). */
  run(sql: string): Promise<string>;
  /** Sends a statement without waiting (one that will block on a lock). */
  send(sql: string): void;
  close(): void;
}

export interface Postgres {
  port: number;
  /** A streaming-replication standby of this cluster (pg_basebackup), stopped with the primary. */
  startStandby(): Promise<{ port: number }>;
  /** psql for this cluster as the superuser `postgres` (for setup). */
  sql(statement: string, database?: string): Promise<string>;
  session(database: string): Promise<PgSession>;
  stop(): Promise<void>;
}

function binDir(): string {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed (test/lab/prepare-machine.js installs it)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

const live = new Set<() => void>();
process.on('exit', () => [...live].forEach((stop) => stop()));

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), 'perfmon-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? 'postgres' : userInfo().username;
  if (asRoot) {
    const { uid, gid } = passwdEntry('postgres');
    chownSync(dir, uid, gid);
  }
  // initdb and the server refuse to run as root: run them as the owner.
  const asOwner = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', owner, '--', cmd, ...args], { timeout: 60_000 }) : run(cmd, args, { timeout: 60_000 });
  const port = await freePort();
  const standbys: string[] = [];
  const sessions = new Set<ChildProcessWithoutNullStreams>();
  // At process exit nothing can be awaited: SIGQUIT is PostgreSQL's immediate shutdown.
  const stopSync = (): void => {
    sessions.forEach((s) => s.kill());
    for (const d of [...standbys, data]) {
      try {
        const pid = Number(readFileSync(join(d, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // not started, or already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(stopSync);
  const stop = async (): Promise<void> => {
    live.delete(stopSync);
    sessions.forEach((s) => s.kill());
    for (const d of [...standbys, data]) await asOwner(`${bin}/pg_ctl`, ['-D', d, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await asOwner(`${bin}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c fsync=off`;
    await asOwner(`${bin}/pg_ctl`, ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', 'start']);
  } catch (err) {
    await stop();
    throw new Error(`postgres did not start: ${(err as Error).message}`);
  }
  const startStandby = async (): Promise<{ port: number }> => {
    const standbyData = join(dir, 'standby');
    const standbyPort = await freePort();
    await asOwner(`${bin}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', standbyData, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    const options = `-p ${standbyPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await asOwner(`${bin}/pg_ctl`, ['-D', standbyData, '-l', join(dir, 'standby.log'), '-o', options, '-w', 'start']);
    standbys.push(standbyData);
    return { port: standbyPort };
  };
  const psqlArgs = (database: string) => ['-X', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database];
  return {
    port,
    startStandby,
    async sql(statement, database = 'postgres') {
      const { stdout } = await run('psql', [...psqlArgs(database), '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
      return stdout;
    },
    async session(database) {
      const child = spawn('psql', [...psqlArgs(database), '-A', '-t'], { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
      sessions.add(child);
      const lines = createInterface({ input: child.stdout });
      const waiting: Array<(line: string) => void> = [];
      lines.on('line', (line) => {
        if (line.trim() !== '') waiting.shift()?.(line);
      });
      const runOne = (sql: string) =>
        new Promise<string>((resolve, reject) => {
          waiting.push(resolve);
          child.once('exit', (code) => reject(new Error(`psql session exited ${code}`)));
          child.stdin.write(`${sql}\n`);
        });
      const pid = Number(await runOne('select pg_backend_pid();'));
      return {
        pid,
        run: runOne,
        send: (sql) => void child.stdin.write(`${sql}\n`),
        close: () => {
          child.stdin.end();
          sessions.delete(child);
        },
      };
    },
    stop,
  };
}
