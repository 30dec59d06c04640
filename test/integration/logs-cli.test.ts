/**
 * perfmon logs against real sshd lab hosts, each writing its own log file: the hosts' lines
 * interleaved with their names, followed as they are written, --since, --host, a path that
 * needs quoting, a host whose file is missing, and no reader left running on a host once
 * perfmon stops.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/lab.js';
import { buildProcedureCli, CliProcess, runCli, type ProcedureCli } from '../procedures/procedure-cli.js';

let lab: Lab;
let cli: ProcedureCli;
let inventory: string;
let logDir: string;
const FILE = "engine's log.txt"; // a space and a quote: the path must reach the host's shell quoted
const stamp = (ms: number) => new Date(ms).toISOString();
const OLD = Date.now() - 3 * 3600_000;

beforeAll(async () => {
  cli = buildProcedureCli();
  lab = await startLab({ hosts: 3 });
  logDir = join(lab.dir, 'logs');
  mkdirSync(logDir, { mode: 0o755 });
  lab.hosts.forEach((host) => {
    mkdirSync(join(logDir, host.name), { mode: 0o755 });
    if (host.index === 2) return; // lab-2 has no log file
    const lines = [`${stamp(OLD)} ${host.name} started`, `${stamp(OLD + 1000)} ${host.name} old line`, ...[1, 2, 3].map((i) => `${stamp(Date.now() - 60_000 + i)} ${host.name} recent ${i}`), '    at a.stack.Frame(Frame.java:1)'];
    writeFileSync(join(logDir, host.name, FILE), `${lines.join('\n')}\n`, { mode: 0o644 });
  });
  inventory = join(lab.dir, 'perfmon.yaml');
  writeFileSync(
    inventory,
    [
      'hosts:',
      ...lab.hosts.map((h) => `  - {name: ${h.name}, address: ${h.address}, port: ${h.port}, user: ${lab.user}, identityFile: ${lab.identityFile}}`),
      'components:',
      '  - name: engine',
      '    role: order-engine',
      `    hosts: [${lab.hosts[0]!.name}, ${lab.hosts[1]!.name}]`,
      `    logs: {file: "${logDir}/${lab.hosts[0]!.name}/${FILE}"}`,
      '  - name: web',
      '    role: web',
      `    hosts: [${lab.hosts.map((h) => h.name).join(', ')}]`,
      '  - name: gateway',
      '    role: gateway',
      `    hosts: [${lab.hosts[2]!.name}]`,
      `    logs: {file: "${logDir}/${lab.hosts[2]!.name}/${FILE}"}`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  cli?.cleanup();
  await lab?.stop();
});

/** The readers (tail) still running on the lab hosts for this lab's files. */
function readers(): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-f', `tail .*${logDir}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('perfmon logs (CLI)', () => {
  it('--no-follow prints the last lines of every host of the component, each with its host name', async () => {
    // Both hosts read the same path: the component's log lives at one path on each host; the lab's hosts share a disk.
    const result = await runCli(cli, ['logs', 'engine', '--no-follow', '-n', '2', '--config', inventory], lab.env);
    expect(result.stderr).toContain(`perfmon: ${logDir}/lab-0/${FILE} on lab-0, lab-1`);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('lab-0  ')).map((l) => l.slice(7).replace(/^\d\S+ /, ''))).toEqual(['lab-0 recent 3', '    at a.stack.Frame(Frame.java:1)']);
    expect(lines.filter((l) => l.startsWith('lab-1  '))).toHaveLength(2);
  });

  it('--since keeps the lines written since then (a stack frame goes with its line); --host only that host; --json a line each', async () => {
    const result = await runCli(cli, ['logs', 'engine', '--no-follow', '--since', '2h', '--host', 'lab-1', '--json', '--config', inventory], lab.env);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { host: string; line: string; stderr: boolean });
    expect(lines.map((l) => l.host)).toEqual(['lab-1', 'lab-1', 'lab-1', 'lab-1']);
    expect(lines.map((l) => l.line.replace(/^\S+ /, ''))).toEqual(['lab-0 recent 1', 'lab-0 recent 2', 'lab-0 recent 3', '    at a.stack.Frame(Frame.java:1)']);
  });

  it('follows: a line written on a host shows with its name; Ctrl-C stops, and no reader is left on the hosts', async () => {
    const run = new CliProcess(cli, ['logs', 'engine', '-n', '1', '--config', inventory], lab.env);
    await run.waitFor(/lab-1  .*Frame/);
    await run.waitFor(/lab-0  .*Frame/);
    expect(readers().length).toBeGreaterThanOrEqual(2);
    appendFileSync(join(logDir, 'lab-0', FILE), `${stamp(Date.now())} order 42 rejected: price band\n`);
    await run.waitFor(/^lab-\d {2}\S+ order 42 rejected: price band$/m);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    for (let i = 0; i < 100 && readers().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(readers()).toEqual([]);
  });

  it('a host whose file is missing says why and the command fails; a component without logs: or an unknown one is named', async () => {
    const missing = await runCli(cli, ['logs', 'gateway', '--no-follow', '--config', inventory], lab.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/lab-2 {2}! tail: cannot open .*No such file/);
    expect(missing.stderr).toContain('perfmon: lab-2: the reader exited 1');
    const none = await runCli(cli, ['logs', 'web', '--config', inventory], lab.env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("component 'web' has no logs: in the inventory");
    const unknown = await runCli(cli, ['logs', 'engin', '--config', inventory], lab.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no component 'engin' in the inventory (did you mean 'engine'?)");
    const host = await runCli(cli, ['logs', 'engine', '--host', 'lab-2', '--config', inventory], lab.env);
    expect(host.stderr).toContain('--host lab-2: not a host of engine (lab-0, lab-1)');
  });
});
