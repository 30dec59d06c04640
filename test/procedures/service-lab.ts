/**
 * The lab service (fixtures/services/) running on real lab hosts, with an inventory that
 * describes it: a component restarted through the supervisor script, health fetched over the
 * SSH connection, drain/undrain, flags and a throttle. Each host gets its own directory (the
 * hosts share this machine's filesystem) and the service listens on the host's own address.
 *
 *   const svc = await startServiceLab({ hosts: 3 });   // in beforeAll
 *   afterAll(() => svc.stop());
 *   svc.inventoryFile, svc.events(i), svc.pid(i), svc.setFailStart(i, true)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadInventory } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { waitHealthy } from '../../src/procedures/health-check.js';
import { SshHostAccess } from '../../src/procedures/ssh-host-access.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';

export const SUPERVISOR = resolve(import.meta.dirname, '../../fixtures/services/lab-supervisor.sh');

export interface ServiceEvent {
  t: number;
  pid: number;
  event: string;
  name?: string;
  state?: string;
  rate?: string | null;
}

/** What inventory snippets may refer to. */
export interface SnippetContext {
  component: string;
  port: number;
  /** `sh <supervisor> <base>/{host}`: append an action (drain, note {value}, …). */
  supervisor: string;
}

export interface ServiceLabOptions {
  hosts: number;
  /** /health answers 503 this long after a start (default 600 ms). */
  warmupMs?: number;
  /** Extra YAML appended to the component (indented to 4 spaces). */
  componentExtra?: (context: SnippetContext) => string;
  /** Extra top-level YAML appended after the components (profiles, …). */
  topLevel?: (context: SnippetContext) => string;
}

export interface ServiceLab {
  lab: Lab;
  /** A name unique to this lab: locks live in the shared /tmp. */
  component: string;
  base: string;
  port: number;
  inventoryFile: string;
  auditFile: string;
  stateDir: string;
  /** process env for a perfmon child: lab HOME, this lab's state dir. */
  env: NodeJS.ProcessEnv;
  inventory(): Promise<Inventory>;
  access(inventory: Inventory): SshHostAccess;
  hostDir(index: number): string;
  events(index: number): ServiceEvent[];
  pid(index: number): number | undefined;
  setFailStart(index: number, fail: boolean): void;
  notes(index: number): string;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startServiceLab(options: ServiceLabOptions): Promise<ServiceLab> {
  const lab = await startLab({ hosts: options.hosts });
  const component = `svc-${randomBytes(3).toString('hex')}`;
  const base = join(lab.dir, 'services');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const stateDir = join(lab.dir, 'state');
  const auditFile = join(lab.dir, 'audit', 'audit.jsonl');
  const ids = run('id', ['-u', lab.user]).trim() + ':' + run('id', ['-g', lab.user]).trim();
  const [uid, gid] = ids.split(':').map(Number) as [number, number];
  mkdirSync(base);
  const hostDir = (index: number) => join(base, lab.hosts[index]!.name);
  lab.hosts.forEach((host, index) => {
    mkdirSync(hostDir(index));
    writeFileSync(
      join(hostDir(index), 'service.conf'),
      `NODE=${process.execPath}\nADDRESS=${host.address}\nPORT=${port}\nWARMUP_MS=${options.warmupMs ?? 600}\n`,
    );
  });
  for (const dir of [base, ...lab.hosts.map((_, i) => hostDir(i))]) chownSync(dir, uid, gid);
  for (const file of lab.hosts.map((_, i) => join(hostDir(i), 'service.conf'))) chownSync(file, uid, gid);

  const sup = `sh ${SUPERVISOR} ${base}/{host}`;
  const context: SnippetContext = { component, port, supervisor: sup };
  const health = [
      '    health:',
      `      http: {url: "http://{address}:${port}/health", status: 200, contains: UP}`,
      '      interval: 0.25',
      '      timeout: 2',
      '      healthyFor: 0.5',
      '      startTimeout: 6',
    ].join('\n');
  const yaml = [
    'environment: lab',
    `audit: {path: ${auditFile}}`,
    'hosts:',
    ...lab.hosts.map((h) => `  - {name: ${h.name}, address: ${h.address}, port: ${h.port}, user: ${lab.user}, identityFile: ${lab.identityFile}}`),
    'components:',
    `  - name: ${component}`,
    '    role: web',
    `    hosts: [${lab.hosts.map((h) => h.name).join(', ')}]`,
    '    maxUnavailable: 2',
    health,
    `    drain: ${sup} drain`,
    `    undrain: ${sup} undrain`,
    `    restart: ${sup} restart`,
    '    commandTimeout: 30',
    options.componentExtra?.(context) ?? '',
    options.topLevel?.(context) ?? '',
    '',
  ].join('\n');
  const inventoryFile = join(lab.dir, 'perfmon.yaml');
  writeFileSync(inventoryFile, yaml);

  const inventory = async (): Promise<Inventory> => {
    const result = await loadInventory({ configPath: inventoryFile, home: lab.home, env: {} });
    if (result.status !== 'loaded') throw new Error(`lab inventory: ${JSON.stringify(result)}`);
    return result.inventory;
  };
  const access = (inv: Inventory) => new SshHostAccess(inv, { source: new SshConfigSource({ home: lab.home }), connect: { env: lab.env } });

  // Start every service the way an operator's tooling would: over SSH, as the lab user.
  // Ready means it answered a healthy /health (which it records): tests start from quiet services.
  const starter = access(await inventory());
  const timing = { timeoutMs: 5000, intervalMs: 100, healthyForMs: 0, startTimeoutMs: 30_000 };
  try {
    for (const host of lab.hosts) {
      const result = await starter.exec(host.name, `sh ${SUPERVISOR} ${base}/${host.name} start`, { timeoutMs: 20_000 });
      if (result.code !== 0) throw new Error(`${host.name}: service did not start: ${result.stdout}${result.stderr}`);
      const probe = { type: 'http' as const, url: `http://${host.address}:${port}/health`, status: [200] };
      const ready = await waitHealthy(starter, host.name, probe, timing);
      if (!ready.ok) throw new Error(`${host.name}: service not healthy: ${ready.output}`);
    }
  } finally {
    starter.close();
  }

  const pidFile = (index: number) => join(hostDir(index), 'service.pid');
  const pid = (index: number) => (existsSync(pidFile(index)) ? Number(readFileSync(pidFile(index), 'utf8').trim()) : undefined);
  return {
    lab,
    component,
    base,
    port,
    inventoryFile,
    auditFile,
    stateDir,
    env: { ...lab.env, PERFMON_STATE_DIR: stateDir },
    inventory,
    access,
    hostDir,
    events: (index) => {
      const file = join(hostDir(index), 'events.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as ServiceEvent);
    },
    pid,
    setFailStart: (index, fail) => {
      const marker = join(hostDir(index), 'fail-start');
      if (fail) writeFileSync(marker, '');
      else rmSync(marker, { force: true });
    },
    notes: (index) => {
      const file = join(hostDir(index), 'notes');
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    stop: async () => {
      for (const [index] of lab.hosts.entries()) {
        const running = pid(index);
        if (running !== undefined) {
          try {
            process.kill(running, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      for (const name of readdirSync('/tmp').filter((n) => n.startsWith(`perfmon-lock.${component}`))) {
        rmSync(join('/tmp', name), { recursive: true, force: true });
      }
      await lab.stop();
    },
  };
}

/** Events of one kind, in order. */
export function eventsOf(events: readonly ServiceEvent[], kind: string): ServiceEvent[] {
  return events.filter((e) => e.event === kind);
}
