/**
 * A throwaway RabbitMQ broker for tests: Debian's rabbitmq-server with the prometheus plugin,
 * its data in a temp dir, every port on 127.0.0.1 and free, its own epmd port. Start it once
 * per test file (it takes 10–20 s) and stop it in afterAll; a process exit stops it too.
 *
 *   const broker = await startRabbitMq({ labUser: lab.user });
 *   broker.prometheusPort   // /metrics and /metrics/per-object
 *   broker.amqpPort         // for fixtures/queues/amqp-pair.py
 *   broker.ctl              // a rabbitmqctl for this node that the lab user can run over SSH
 *
 * Statistics are emitted every second (the default is 5 s) so rates move within a short test.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killTree } from './process-tree.js';

const run = promisify(execFile);
const BIN = '/usr/lib/rabbitmq/bin';

export interface RabbitMq {
  dir: string;
  node: string;
  amqpPort: number;
  prometheusPort: number;
  /** Environment for rabbitmqctl run by this process. */
  env: NodeJS.ProcessEnv;
  /** A script that runs rabbitmqctl against this node as the lab user (its own copy of the cookie). */
  ctl: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<() => void>();
process.on('exit', () => [...live].forEach((stop) => stop()));

export async function startRabbitMq(options: { labUser?: string } = {}): Promise<RabbitMq> {
  const failures: string[] = [];
  // The ports are found free, then bound by the broker seconds later: a daemon of another test
  // file may take one in between, and the node boots without its rabbit application.
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startBroker(options);
    } catch (err) {
      failures.push(`attempt ${attempt}: ${(err as Error).message}`);
    }
  }
  throw new Error(`rabbitmq did not start:\n${failures.join('\n')}`);
}

async function startBroker(options: { labUser?: string }): Promise<RabbitMq> {
  const dir = await mkdtemp(join(tmpdir(), 'perfmon-rabbit-'));
  chmodSync(dir, 0o755);
  const [amqpPort, distPort, epmdPort, prometheusPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const node = `perfmon${process.pid}@localhost`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: node,
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    `prometheus.tcp.port = ${prometheusPort}\nprometheus.tcp.ip = 127.0.0.1\ncollect_statistics_interval = 1000\nloopback_users = none\n`,
  );
  let server: ReturnType<typeof spawn> | undefined;
  const stopSync = (): void => {
    if (server?.pid) killTree(server.pid);
    void run('epmd', ['-port', String(epmdPort), '-kill'], { env }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(stopSync);
  const stop = async (): Promise<void> => {
    live.delete(stopSync);
    // rabbitmqctl stop with the pid file waits until the node's OS process is gone.
    await run(`${BIN}/rabbitmqctl`, ['stop', join(dir, 'pid')], { env, timeout: 60_000 }).catch(() => undefined);
    // The node leaves its epmd running: stop ours (our port) only.
    await run('epmd', ['-port', String(epmdPort), '-kill'], { env }).catch(() => undefined);
    if (server?.pid) killTree(server.pid);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(`${BIN}/rabbitmq-plugins`, ['--offline', 'enable', 'rabbitmq_prometheus'], { env });
    server = spawn(`${BIN}/rabbitmq-server`, [], { env, stdio: 'ignore', detached: true });
    await run(`${BIN}/rabbitmqctl`, ['wait', join(dir, 'pid'), '--timeout', '90'], { env, timeout: 100_000 });
    const ctl = writeCtlWrapper(dir, env, options.labUser);
    return { dir, node, amqpPort, prometheusPort, env, ctl, stop };
  } catch (err) {
    const why = logErrors(join(dir, 'log'));
    await stop();
    throw new Error(`${(err as Error).message.trim()}${why ? `\n${why}` : ''}`);
  }
}

/** The broker's last error lines (its log is removed with its folder). */
function logErrors(logDir: string): string {
  try {
    const lines = readdirSync(logDir)
      .filter((f) => f.endsWith('.log'))
      .flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n'));
    return lines.filter((l) => /\[error\]|eaddrinuse|failed/i.test(l)).slice(-5).join('\n');
  } catch {
    return '';
  }
}

/**
 * rabbitmqctl authenticates with the Erlang cookie in $HOME, which must belong to the user
 * running it and be readable by nobody else: the lab user gets its own copy.
 */
function writeCtlWrapper(dir: string, env: NodeJS.ProcessEnv, labUser: string | undefined): string {
  const home = join(dir, 'ctl-home');
  mkdirSync(home, { mode: 0o700 });
  copyFileSync(join(dir, '.erlang.cookie'), join(home, '.erlang.cookie'));
  chmodSync(join(home, '.erlang.cookie'), 0o400);
  if (labUser !== undefined && labUser !== userInfo().username) {
    const { uid, gid } = passwdEntry(labUser);
    chownSync(home, uid, gid);
    chownSync(join(home, '.erlang.cookie'), uid, gid);
  }
  const script = join(dir, 'rabbitmqctl');
  const vars = ['ERL_EPMD_PORT', 'ERL_EPMD_ADDRESS', 'RABBITMQ_NODENAME'].map((k) => `${k}='${env[k]}'`).join(' ');
  writeFileSync(script, `#!/bin/sh\nHOME='${home}' ${vars} exec ${BIN}/rabbitmqctl "$@"\n`, { mode: 0o755 });
  return script;
}

export function passwdEntry(user: string): { uid: number; gid: number } {
  const text = readFileSync('/etc/passwd', 'utf8');
  const fields = text.split('\n').find((l) => l.startsWith(`${user}:`))?.split(':');
  if (!fields) throw new Error(`no user ${user} in /etc/passwd`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** fixtures/queues/amqp-pair.py (python3-pika): a publisher and a consumer at rates set from the test. */
const SCRIPT = fileURLToPath(new URL('../../fixtures/queues/amqp-pair.py', import.meta.url));

export interface AmqpPair {
  /** Publish `publish`/s and acknowledge `consume`/s from now on; resolves when the script confirmed. */
  setRates(publish: number, consume: number): Promise<void>;
  stop(): void;
}

export async function startAmqpPair(port: number, queue: string): Promise<AmqpPair> {
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [SCRIPT, String(port), queue]);
  const lines = createInterface({ input: child.stdout });
  const waiters: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  lines.on('line', (line) => waiters.shift()?.(line));
  const next = (what: string) =>
    new Promise<string>((resolve, reject) => {
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`amqp-pair.py exited ${code} waiting for ${what}: ${stderr}`)));
    });
  const ready = await next('ready');
  if (ready !== 'ready') throw new Error(`amqp-pair.py said ${ready}`);
  return {
    async setRates(publish, consume) {
      const answer = next('ok');
      child.stdin.write(`rates ${publish} ${consume}\n`);
      await answer;
    },
    stop: () => void child.kill(),
  };
}
