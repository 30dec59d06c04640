/**
 * `perfmon tune`: the tuning advisor's runtime. Reads every selected host's settings with one
 * script over its SSH connection (this machine through `sh` when there is no inventory), runs
 * the profile's rules over each reading and compares the hosts of each component, then prints
 * the findings (or --json). Reading only: nothing on a host is changed.
 */
import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import { parseTuningOutput, TUNING_SCRIPT, type TuningReading } from '../collect/tuning-reading.js';
import { resolveFleetHosts } from '../fleet/fleet-host.js';
import { hostFindings, oddHostFindings, type TuningFinding } from '../analysis/tuning/tuning-findings.js';
import { BUILT_IN_PROFILES, builtInProfile, configuredProfile } from '../analysis/tuning/tuning-profiles.js';
import { connect } from '../ssh/connection.js';
import { shellQuote } from '../ssh/shell-quote.js';

export interface TuneArgs {
  /** The selection; null: this machine. */
  inventory: Inventory | null;
  profile: string;
  json: boolean;
  acceptNew: boolean;
  env: NodeJS.ProcessEnv;
}

type Out = { out: Pick<NodeJS.WritableStream, 'write'>; err: Pick<NodeJS.WritableStream, 'write'> };

export interface HostTuning {
  host: string;
  error: string | null;
  reading: TuningReading | null;
  findings: TuningFinding[];
}

/** The component names among `targets` replaced by their hosts (the advisor compares those). */
export function expandComponents(inventory: Inventory, targets: readonly string[]): string[] {
  return targets.flatMap((t) => {
    const component = inventory.components.find((c) => c.name === t);
    return component ? componentHosts(inventory, component).map((h) => h.name) : [t];
  });
}

async function readLocal(): Promise<TuningReading> {
  const { stdout } = await promisify(execFile)('sh', ['-c', TUNING_SCRIPT], { timeout: 30_000, maxBuffer: 8 * 1024 * 1024 });
  return parseTuningOutput(`${hostname()} (this machine)`, stdout);
}

async function readHosts(inventory: Inventory, args: TuneArgs): Promise<Array<{ host: string; reading: TuningReading | null; error: string | null }>> {
  const hosts = resolveFleetHosts(inventory, args.env['HOME'] ? { home: args.env['HOME'] } : {});
  return Promise.all(
    hosts.map(async (host) => {
      if (host.ssh === null) return { host: host.name, reading: null, error: host.configError };
      try {
        const connection = await connect(host.ssh, { acceptNew: inventory.ssh.acceptNew || args.acceptNew, maxSessions: inventory.ssh.maxSessions, env: args.env });
        try {
          const result = await connection.execText(`sh -c ${shellQuote(TUNING_SCRIPT)}`, { timeoutMs: 30_000 });
          return { host: host.name, reading: parseTuningOutput(host.name, result.stdout), error: null };
        } finally {
          connection.close();
        }
      } catch (error) {
        return { host: host.name, reading: null, error: (error as Error).message };
      }
    }),
  );
}

/** Exit code: 0 read (findings or not), 2 unknown profile, 3 a host could not be read. */
export async function runTune(args: TuneArgs, io: Out): Promise<number> {
  const own = args.inventory?.tuningProfiles[args.profile];
  const profile = own !== undefined ? configuredProfile(args.profile, own) : builtInProfile(args.profile);
  if (profile === null) {
    const inventory = Object.keys(args.inventory?.tuningProfiles ?? {});
    io.err.write(`perfmon: no tuning profile '${args.profile}' (built in: ${BUILT_IN_PROFILES.map((p) => p.name).join(', ')}${inventory.length > 0 ? `; the inventory's: ${inventory.join(', ')}` : ''})\n`);
    return 2;
  }
  const read = args.inventory === null ? [{ ...(await readLocal().then((reading) => ({ host: reading.host, reading, error: null }))) }] : await readHosts(args.inventory, args);
  const hosts: HostTuning[] = read.map((r) => ({ ...r, findings: r.reading === null ? [] : hostFindings(r.reading, profile) }));
  const odd: TuningFinding[] = [];
  for (const component of args.inventory?.components ?? []) {
    const readings = componentHosts(args.inventory!, component).map((h) => read.find((r) => r.host === h.name)?.reading).filter((r): r is TuningReading => r != null);
    odd.push(...oddHostFindings(component.name, readings));
  }
  for (const f of odd) hosts.find((h) => h.host === f.host)?.findings.push(f);
  if (args.json) io.out.write(`${JSON.stringify({ profile: profile.name, hosts }, null, 2)}\n`);
  else io.out.write(formatTune(profile.name, hosts));
  return hosts.some((h) => h.error !== null) ? 3 : 0;
}

export function formatTune(profile: string, hosts: readonly HostTuning[]): string {
  const lines: string[] = [];
  for (const h of hosts) {
    if (h.error !== null) {
      lines.push(`${h.host}: not read: ${h.error}`, '');
      continue;
    }
    lines.push(`${h.host}: ${h.findings.length === 0 ? `meets the ${profile} profile` : `${h.findings.length} finding${h.findings.length === 1 ? '' : 's'} against the ${profile} profile`}`);
    for (const f of h.findings) {
      lines.push(`  ${f.kind === 'odd-host' ? 'ODD HOST ' : ''}${f.setting}${f.subject ? ` (${f.subject})` : ''}: ${f.current} → ${f.recommended}`, `      why: ${f.why}`, `      change: ${f.change}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
