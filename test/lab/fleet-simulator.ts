/**
 * A fleet too large for real sshd daemons on this machine: SSH servers (ssh2, in one process)
 * on their own loopback addresses that answer perfmon's collector exactly as the real one does.
 * Each connection must present the lab's client key; its exec of the collector command must
 * send the real collector script (byte for byte, or the host answers as a shell would: with an
 * error); then every tick line is answered with a framed record made from the real capture in
 * fixtures/history (each host at its own offset in it, its CPU, memory and traffic scaled by
 * its own factor, so hosts differ and vary). Hosts can misbehave:
 *
 *  - `refuse`: the listener is closed (connection refused, as a powered-off machine);
 *  - `slow`:   every record arrives 3–6 intervals and a second late (past perfmon's stale limit of
 *              two intervals and a second);
 *  - `drop`:   the connection is cut after 5–15 records (perfmon reconnects);
 *  - `garbage`: every fourth record is corrupted on the wire (perfmon reports a collector error);
 *  - `hang`:   after 5 records nothing more is answered, the connection stays open.
 *
 *   const fleet = await startSimulatedFleet({ hosts: 1000, faults: { slow: 10, garbage: 5 } });
 *   spawn('bin/perfmon.js', ['--config', fleet.inventoryFile], { env: fleet.env });
 *   await fleet.stop();
 *
 * Other exec requests (a health check, jstat) fail as `sh` would for a missing command.
 */
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Connection, type ServerChannel } from 'ssh2';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { COLLECTOR_COMMAND, COLLECTOR_SCRIPT } from '../../src/collect/remote/collector-script.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { frame, helloRecord, parseTick, sampleBody } from './collector-wire.js';
import { generateKeyPair } from './keys.js';
import { knownHostsLine } from './lab-files.js';
import { mulberry32 as seeded } from './seeded-random.js';

export type Fault = 'refuse' | 'slow' | 'drop' | 'garbage' | 'hang';

export interface SimulatedFleetOptions {
  hosts: number;
  /** How many hosts misbehave in each way (the first healthy ones are left healthy). */
  faults?: Partial<Record<Fault, number>>;
  /** The collector interval perfmon will use, in ms (slow hosts are late by 3–6 of them and 1 s). */
  intervalMs?: number;
  /** Deterministic variety: the same seed gives the same fleet. */
  seed?: number;
}

export interface SimulatedHost {
  name: string;
  address: string;
  port: number;
  fault: Fault | null;
}

export interface SimulatedFleet {
  dir: string;
  home: string;
  inventoryFile: string;
  env: NodeJS.ProcessEnv;
  hosts: SimulatedHost[];
  /** Connections accepted and collector sessions answered so far, over all hosts. */
  stats(): { connections: number; collectors: number; records: number };
  /** Makes a host misbehave from now on (or behave again: null); 'refuse' closes its listener. */
  setFault(name: string, fault: Fault | null): Promise<void>;
  stop(): Promise<void>;
}

const PORT = 2222;
const { Server, utils } = ssh2;

export async function startSimulatedFleet(options: SimulatedFleetOptions): Promise<SimulatedFleet> {
  const dir = await mkdtemp(join(tmpdir(), 'perfmon-fleet-sim-'));
  const home = join(dir, 'home');
  await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const hostKey = await generateKeyPair(join(dir, 'host_key'), { comment: 'perfmon-fleet-sim' });
  const clientKey = await generateKeyPair(join(home, '.ssh', 'id_ed25519'), { comment: 'perfmon-fleet-sim-client' });
  const allowed = utils.parseKey(clientKey.publicText);
  if (allowed instanceof Error) throw allowed;
  const hostKeyText = readFileSync(hostKey.privateFile);
  const capture = readSnapshots();
  const random = seeded(options.seed ?? 1);
  const intervalMs = options.intervalMs ?? 1000;

  const faults: (Fault | null)[] = Array.from({ length: options.hosts }, () => null);
  let next = options.hosts - 1;
  for (const [fault, count] of Object.entries(options.faults ?? {}) as [Fault, number][]) {
    for (let i = 0; i < count && next >= 0; i++) faults[next--] = fault;
  }
  const counts = { connections: 0, collectors: 0, records: 0 };
  const hosts: SimHost[] = faults.map((fault, i) => ({
    name: `sim-${i}`,
    address: '', // chosen below

    port: PORT,
    fault,
    offset: Math.floor(random() * capture.length),
    // The capture is of a busy machine (~90 % CPU): most hosts lighter, a few as hot.
    scale: 0.05 + random() ** 2,
    server: null,
    connections: new Set(),
  }));

  const listen = (host: SimHost): Promise<void> =>
    new Promise((resolve, reject) => {
      const server = new Server({ hostKeys: [hostKeyText] }, (client) => serve(host, client));
      server.once('error', reject);
      server.listen(host.port, host.address, () => {
        server.off('error', reject);
        host.server = server;
        resolve();
      });
    });

  const serve = (host: SimHost, client: Connection): void => {
    counts.connections += 1;
    host.connections.add(client);
    client.on('close', () => host.connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject(['publickey']);
      if (!ctx.signature) return ctx.accept(); // the client asks whether the key would do
      if (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.accept();
      return ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          if (info.command === COLLECTOR_COMMAND) runCollector(host, client, channel);
          else {
            channel.stderr.write(`sh: 1: ${info.command.split(' ')[0] ?? ''}: not found\n`);
            channel.exit(127);
            channel.end();
          }
        });
      });
    });
  };

  const runCollector = (host: SimHost, client: Connection, channel: ServerChannel): void => {
    let script = '';
    let started = false;
    let buffered = '';
    let answered = 0;
    let lastTick = Date.now();
    const dropAfter = 5 + Math.floor(random() * 11);
    channel.on('data', (chunk: Buffer) => {
      if (!started) {
        script += chunk.toString('utf8');
        if (script.length < COLLECTOR_SCRIPT.length) return;
        if (!script.startsWith(COLLECTOR_SCRIPT)) {
          channel.stderr.write('sh: 1: Syntax error: unexpected input\n');
          channel.exit(2);
          channel.end();
          return;
        }
        started = true;
        counts.collectors += 1;
        buffered = script.slice(COLLECTOR_SCRIPT.length);
        const cores = capture[0]?.cpu.cores ?? 2;
        channel.write(helloRecord({ clockTicks: 100, pageSize: 4096, cores, hostname: host.name, kernel: '6.1.0-sim' }));
      } else {
        buffered += chunk.toString('utf8');
      }
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const tick = parseTick(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (!tick) continue;
        const now = Date.now();
        const interval = Math.max(0.01, (now - lastTick) / 1000);
        lastTick = now;
        answered += 1;
        if (host.fault === 'hang' && answered > 5) continue;
        if (host.fault === 'drop' && answered > dropAfter) {
          client.end();
          return;
        }
        const reading = perturbed(capture[(host.offset + answered) % capture.length]!, host.scale, answered);
        const wantsFs = tick.flags.includes('f');
        let record = frame(tick.seq, sampleBody(reading, interval, {
          processes: /[pP]/.test(tick.flags),
          tcpStates: tick.flags.includes('s'),
          filesystems: wantsFs || answered === 1,
        }));
        if (host.fault === 'garbage' && answered % 4 === 0) record = record.replace(/\nl [^\n]*/, '\nl 1 2 x');
        counts.records += 1;
        const send = () => channel.writable && channel.write(record);
        if (host.fault === 'slow') setTimeout(send, intervalMs * (3 + random() * 3) + 1000);
        else send();
      }
    });
    channel.on('error', () => undefined);
  };

  // Addresses 127.<block>.x.y (250 hosts per /24); a block another lab holds is left for another.
  for (let attempt = 1; ; attempt++) {
    const block = 2 + Math.floor(Math.random() * 250);
    hosts.forEach((h, i) => (h.address = `127.${block}.${Math.floor(i / 250)}.${(i % 250) + 1}`));
    try {
      for (const host of hosts) if (host.fault !== 'refuse') await listenRetrying(host, listen);
      break;
    } catch (error) {
      await Promise.all(hosts.map((h) => closeListener(h)));
      if (attempt === 5) throw error;
    }
  }

  const knownHosts = join(home, '.ssh', 'known_hosts');
  await writeFile(knownHosts, hosts.map((h) => knownHostsLine(h.address, h.port, hostKey.publicText, false)).join('\n') + '\n');
  await writeFile(join(home, '.ssh', 'config'), '# the fleet simulator: everything is in the inventory\n');
  const inventoryFile = join(dir, 'perfmon.yaml');
  await writeFile(inventoryFile, inventoryText(hosts, clientKey.privateFile));

  return {
    dir,
    home,
    inventoryFile,
    env: withoutAgent({ ...process.env, HOME: home }),
    hosts: hosts.map(({ name, address, port, fault }) => ({ name, address, port, fault })),
    stats: () => ({ ...counts }),
    async setFault(name, fault) {
      const host = hosts.find((h) => h.name === name);
      if (!host) throw new Error(`no simulated host ${name}`);
      const was = host.fault;
      host.fault = fault;
      if (fault === 'refuse') await closeListener(host);
      else if (was === 'refuse') await listenRetrying(host, listen);
    },
    async stop() {
      await Promise.all(hosts.map((host) => closeListener(host)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface SimHost extends SimulatedHost {
  offset: number;
  scale: number;
  server: InstanceType<typeof Server> | null;
  connections: Set<Connection>;
}

/** Stops a host listening and cuts its connections (a machine switched off). */
async function closeListener(host: SimHost): Promise<void> {
  for (const c of host.connections) c.end();
  const server = host.server;
  host.server = null;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function listenRetrying(host: SimHost, listen: (host: SimHost) => Promise<void>): Promise<void> {
  try {
    await listen(host);
  } catch (error) {
    throw new Error(`fleet simulator: cannot listen on ${host.address}:${host.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The captured reading, scaled for this host and stamped now: hosts differ and stay plausible. */
function perturbed(s: HostSnapshot, scale: number, tick: number): HostSnapshot {
  const clamp = (x: number) => Math.min(100, Math.max(0, x));
  const wobble = 1 + 0.1 * Math.sin(tick / 7);
  const k = scale * wobble;
  const cpu = { ...s.cpu, user: clamp(s.cpu.user * k), system: clamp(s.cpu.system * k), perCore: s.cpu.perCore.map((c) => ({ ...c, user: clamp(c.user * k), system: clamp(c.system * k) })) };
  const used = Math.min(s.memory.total * 0.97, (s.memory.total - s.memory.available) * k);
  return {
    ...s,
    uptime: (s.uptime ?? 0) + tick,
    cpu,
    load: s.load.map((x) => x * k) as [number, number, number],
    memory: { ...s.memory, available: s.memory.total - used },
    network: s.network.map((n) => ({ ...n, rxBytesPerSec: n.rxBytesPerSec * k, txBytesPerSec: n.txBytesPerSec * k })),
  };
}

function inventoryText(hosts: SimHost[], identityFile: string): string {
  const roles = ['order-engine', 'market-data', 'gateway', 'risk', 'settlement'];
  return [
    'environment: fleet-sim',
    'ssh:',
    `  user: ${process.env['USER'] ?? 'perfmon'}`,
    `  identityFile: ${identityFile}`,
    'hosts:',
    ...hosts.map((h, i) => `  - { name: ${h.name}, address: ${h.address}, port: ${h.port}, labels: { rack: r${i % 20} } }`),
    'components:',
    ...roles.map((role, r) => `  - { name: ${role}, role: ${role}, hosts: [${hosts.filter((_, i) => i % roles.length === r).map((h) => h.name).join(', ')}] }`),
    '',
  ].join('\n');
}


function withoutAgent(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  delete env['SSH_AUTH_SOCK'];
  return env;
}
