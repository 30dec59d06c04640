/**
 * The OpenSSH lab: real `sshd` daemons on loopback for integration tests (fleet, dumps,
 * procedures, ssh). Nothing is mocked: each host is `/usr/sbin/sshd -D -e -f <config>` with
 * its own generated host key, on its own address in 127.0.0.0/8 (all of it is loopback).
 *
 *   const lab = await startLab({ hosts: 3 });          // in beforeAll (hookTimeout is 120 s)
 *   afterAll(() => lab.stop());                          // also runs when a test failed
 *   const cfg = await resolveHostConfig('lab-0', { home: lab.home });   // in-process
 *   spawn('bin/perfmon.js', [...], { env: lab.env });   // a child sees lab.home as $HOME
 *   spawn('ssh', ['-F', lab.sshConfigFile, 'lab-0', 'uptime'], { env: lab.env });
 *
 * What you get:
 *  - lab.hosts[i] = { name: 'lab-<i>', address, port, hostKeyFile, hostKeys, … }; ports are
 *    random (never 22), so known_hosts names are `[address]:port`.
 *  - one login user: `perfmonlab` (created once with useradd when running as root; the
 *    current user otherwise) whose authorized key is lab.identityFile (ed25519, no
 *    passphrase); lab.authorizeKey(publicText) adds more keys to every host.
 *  - a client HOME (lab.home) with .ssh/config (a `Host lab-<i>` entry per host with
 *    HostName, Port, User, IdentityFile, IdentitiesOnly, UserKnownHostsFile, in absolute
 *    paths), .ssh/known_hosts (every host key; even hosts plain, odd hosts hashed) and the key.
 *  - lab.env: process.env with HOME = lab.home and no SSH_AUTH_SOCK, for child processes.
 *  - sshd settings: StrictModes no, UsePAM no, MaxSessions 10, AllowTcpForwarding yes,
 *    AcceptEnv LANG LC_* PERFMON_*, sftp; add lines with `sshdConfig`.
 *  - { bastion: true }: the hosts live in a private network namespace that the tests cannot
 *    reach; only lab.bastion ('lab-bastion', reachable) can, and each host's config entry
 *    says `ProxyJump lab-bastion`. Needs root (or user namespaces) and iproute2.
 *  - killHost(i) kills that host's listening sshd and all its sessions (as if the machine
 *    died: clients see their connections drop); restartHost(i) starts it again on the same
 *    address, port and host key. freezeHost(i) SIGSTOPs them instead (a hung machine:
 *    connections stay open but nothing answers); thawHost(i) continues them. 'bastion'
 *    works in place of an index.
 *  - stop() kills every process the lab started and removes its directory. It also happens
 *    on process exit or SIGTERM/SIGINT, and a watchdog process does it if we are SIGKILLed.
 *
 * Several test files may run labs in parallel: every lab takes a random 127.a.b.0/24 block
 * and random ports, and a bind conflict just picks another address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type KeyPair, type KeyType } from './keys.js';
import { clientConfigText, knownHostsLine, sshdConfigText } from './lab-files.js';
import { ensureLabUser, ensurePrivsepDir } from './lab-user.js';
import { PrivateNetwork } from './private-network.js';
import { AddressInUseError, SshdProcess, type DaemonSpec } from './sshd-process.js';

export interface LabOptions {
  hosts: number;
  /** Put the hosts behind a bastion: reachable only through it (ProxyJump). */
  bastion?: boolean;
  /** Host key types each host gets (default ['ed25519']). */
  hostKeyTypes?: KeyType[];
  /** Extra sshd_config lines for every host. */
  sshdConfig?: string[];
}

export interface LabHost {
  index: number;
  name: string;
  address: string;
  port: number;
  /** The first host key's private file (its public half is `${hostKeyFile}.pub`). */
  hostKeyFile: string;
  hostKeys: KeyPair[];
  /** False for hosts behind the bastion. */
  direct: boolean;
}

export type HostRef = number | 'bastion';

export interface Lab {
  dir: string;
  home: string;
  user: string;
  identityFile: string;
  knownHostsFile: string;
  sshConfigFile: string;
  env: NodeJS.ProcessEnv;
  hosts: LabHost[];
  bastion: LabHost | undefined;
  killHost(host: HostRef): Promise<void>;
  restartHost(host: HostRef): Promise<void>;
  freezeHost(host: HostRef): void;
  thawHost(host: HostRef): void;
  /** Lets another public key (`<type> <base64> [comment]`) log in as lab.user on every host. */
  authorizeKey(publicText: string): Promise<void>;
  /** The sshd log (stderr) of a host, for failure messages. */
  log(host: HostRef): string;
  stop(): Promise<void>;
}

interface HostState {
  host: LabHost;
  spec: DaemonSpec;
  daemon: SshdProcess | undefined;
}

const live = new Set<LabInstance>();

export async function startLab(options: LabOptions): Promise<Lab> {
  if (!Number.isInteger(options.hosts) || options.hosts < 0) throw new Error('startLab: hosts must be a whole number');
  ensurePrivsepDir();
  const user = await ensureLabUser();
  const dir = await mkdtemp(join(tmpdir(), 'perfmon-lab-'));
  // The lab user's session reads authorized_keys from here.
  await chmod(dir, 0o755);
  const lab = new LabInstance(dir, user);
  live.add(lab);
  try {
    await lab.start(options);
  } catch (err) {
    await lab.stop();
    throw err;
  }
  return lab;
}

class LabInstance implements Lab {
  readonly home: string;
  readonly identityFile: string;
  readonly knownHostsFile: string;
  readonly sshConfigFile: string;
  readonly env: NodeJS.ProcessEnv;
  hosts: LabHost[] = [];
  bastion: LabHost | undefined;
  private readonly states = new Map<HostRef, HostState>();
  private readonly authorizedKeysFile: string;
  private network: PrivateNetwork | undefined;
  private watchdog: ChildProcess | undefined;
  private stopped = false;
  private readonly block = randomBlock();

  constructor(
    readonly dir: string,
    readonly user: string,
  ) {
    this.home = join(dir, 'home');
    this.identityFile = join(this.home, '.ssh', 'id_ed25519');
    this.knownHostsFile = join(this.home, '.ssh', 'known_hosts');
    this.sshConfigFile = join(this.home, '.ssh', 'config');
    this.authorizedKeysFile = join(dir, 'authorized_keys');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: this.home };
    delete env['SSH_AUTH_SOCK'];
    this.env = env;
  }

  async start(options: LabOptions): Promise<void> {
    this.watchdog = startWatchdog(this.dir);
    await mkdir(join(this.home, '.ssh'), { recursive: true, mode: 0o700 });
    const clientKey = await generateKeyPair(this.identityFile, { comment: 'perfmon-lab-client' });
    await writeFile(this.authorizedKeysFile, `${clientKey.publicText}\n`, { mode: 0o644 });
    if (options.bastion) this.network = await PrivateNetwork.start();
    const types = options.hostKeyTypes ?? ['ed25519'];
    const extra = options.sshdConfig ?? [];
    // A few at a time: each host runs ssh-keygen and starts a daemon, and the machine has 2 cores.
    this.hosts = await mapLimited(options.hosts, 8, (i) => this.makeHost(i, `lab-${i}`, types, extra));
    if (options.bastion) this.bastion = await this.makeHost('bastion', 'lab-bastion', types, extra);
    await this.writeClientFiles();
  }

  private async makeHost(ref: HostRef, name: string, types: KeyType[], extra: string[]): Promise<LabHost> {
    const hostDir = join(this.dir, 'hosts', name);
    await mkdir(hostDir, { recursive: true });
    const hostKeys: KeyPair[] = [];
    for (const type of types) {
      hostKeys.push(await generateKeyPair(join(hostDir, `ssh_host_${type}_key`), { type, comment: `${name}-host-key` }));
    }
    const behindBastion = this.network !== undefined && ref !== 'bastion';
    const host: LabHost = {
      index: ref === 'bastion' ? -1 : ref,
      name,
      address: '',
      port: 0,
      hostKeyFile: hostKeys[0]!.privateFile,
      hostKeys,
      direct: !behindBastion,
    };
    const configFile = join(hostDir, 'sshd_config');
    const slot = ref === 'bastion' ? 250 : ref;
    for (let attempt = 0; ; attempt++) {
      host.address = attempt === 0 ? addressFor(this.block, slot) : addressFor(randomBlock(), slot);
      host.port = randomPort();
      const config = { address: host.address, port: host.port, hostKeyFiles: hostKeys.map((k) => k.privateFile) };
      await writeFile(configFile, sshdConfigText({ ...config, authorizedKeysFile: this.authorizedKeysFile, user: this.user, extra }));
      const spec: DaemonSpec = {
        address: host.address,
        port: host.port,
        configFile,
        netnsPid: behindBastion ? this.network!.pid : undefined,
        gatewayToNetnsPid: ref === 'bastion' ? this.network!.pid : undefined,
      };
      try {
        const daemon = await SshdProcess.start(spec);
        this.states.set(ref, { host, spec, daemon });
        await this.recordPid(name, daemon.pid);
        return host;
      } catch (err) {
        if (!(err instanceof AddressInUseError) || attempt >= 5) throw err;
      }
    }
  }

  private async writeClientFiles(): Promise<void> {
    const all = [...this.hosts, ...(this.bastion ? [this.bastion] : [])];
    const entries = all.map((h) => ({
      name: h.name,
      address: h.address,
      port: h.port,
      proxyJump: h.direct ? undefined : this.bastion?.name,
    }));
    await writeFile(this.sshConfigFile, clientConfigText(entries, this.user, this.identityFile, this.knownHostsFile), { mode: 0o600 });
    const lines = all.flatMap((h, i) => h.hostKeys.map((k) => knownHostsLine(h.address, h.port, k.publicText, i % 2 === 1)));
    await writeFile(this.knownHostsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  private state(ref: HostRef): HostState {
    const state = this.states.get(ref);
    if (!state) throw new Error(`lab: no host ${String(ref)}`);
    return state;
  }

  async killHost(ref: HostRef): Promise<void> {
    const state = this.state(ref);
    await state.daemon?.kill();
    state.daemon = undefined;
  }

  async restartHost(ref: HostRef): Promise<void> {
    const state = this.state(ref);
    if (state.daemon) await state.daemon.kill();
    state.daemon = await SshdProcess.start(state.spec);
    await this.recordPid(state.host.name, state.daemon.pid);
  }

  freezeHost(ref: HostRef): void {
    this.state(ref).daemon?.freeze(true);
  }

  thawHost(ref: HostRef): void {
    this.state(ref).daemon?.freeze(false);
  }

  async authorizeKey(publicText: string): Promise<void> {
    await appendFile(this.authorizedKeysFile, `${publicText.trim()}\n`);
  }

  log(ref: HostRef): string {
    return this.state(ref).daemon?.log.join('\n') ?? '(not running)';
  }

  private async recordPid(name: string, pid: number): Promise<void> {
    await mkdir(join(this.dir, 'pids'), { recursive: true });
    await writeFile(join(this.dir, 'pids', `${name}.pid`), `${pid}\n`);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.watchdog?.kill('SIGKILL');
    await Promise.all([...this.states.values()].map((s) => s.daemon?.kill()));
    this.stopSync();
  }

  /** Synchronous, for process exit: kills what is left and removes the directory. */
  stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    this.watchdog?.kill('SIGKILL');
    for (const state of this.states.values()) void state.daemon?.kill();
    this.network?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * If this process is SIGKILLed, nothing in it runs: a small shell whose stdin is a pipe
 * from us sees EOF then, and kills the recorded listeners (and their sessions) and removes
 * the lab directory. stop() kills it first, so it never acts on recycled pids.
 */
function startWatchdog(dir: string): ChildProcess {
  const script = `cat >/dev/null
for f in "$1"/pids/*.pid; do [ -f "$f" ] || continue; p=$(cat "$f"); pkill -KILL -P "$p"; kill -KILL "$p"; done
rm -rf "$1"`;
  const child = spawn('sh', ['-c', script, 'lab-watchdog', dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return child;
}

let exitHooked = false;
function hookProcessExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const stopAll = (): void => [...live].forEach((lab) => lab.stopSync());
  process.on('exit', stopAll);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal);
    });
  }
}
hookProcessExit();

async function mapLimited<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** A random 127.a.b.0/24 block (a in 16–250 stays clear of 127.0.0.x, which others use). */
function randomBlock(): [number, number] {
  return [16 + Math.floor(Math.random() * 235), Math.floor(Math.random() * 256)];
}

function addressFor([a, b]: [number, number], slot: number): string {
  return `127.${a}.${(b + Math.floor(slot / 250)) % 256}.${2 + (slot % 250)}`;
}

/** Below Linux's ephemeral range (32768+), so outgoing connections never hold our port. */
function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 12000);
}
