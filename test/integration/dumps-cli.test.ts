/**
 * `perfmon dump thread|heap|histogram` as a real process against a lab host with real JVMs:
 * commands/dump.ts bundled with esbuild into a private folder (as `npm run build` does for
 * dist/, without disturbing it), run by node with the lab's HOME (its ~/.ssh/config names
 * lab-0). Exit codes, output, the audit log, and the typed confirmation in a pseudo-terminal.
 */
import { mkdir, readdir, readFile, symlink, writeFile, chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, runCli, type ProcedureCli } from '../procedures/procedure-cli.js';
import { startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { startRemoteJava, type JavaProcess } from '../diagnostics/capture/java-processes.js';
import type { Lab } from '../lab/lab.js';

const repo = resolve(import.meta.dirname, '../..');

let env: DumpLab;
let lab: Lab;
let cli: ProcedureCli;
let work: string;
let deadlock: JavaProcess;
let cache: JavaProcess;

async function buildDumpCli(dir: string): Promise<ProcedureCli> {
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    [
      "import yargs from 'yargs';",
      `import dump from ${JSON.stringify(join(repo, 'commands/dump.ts'))};`,
      "await yargs(process.argv.slice(2)).scriptName('perfmon').command(dump).strict().demandCommand(1)",
      '  .fail((message, error) => { if (error) throw error; process.stderr.write(`perfmon: ${message}\\n`); process.exit(2); }).parseAsync();',
    ].join('\n'),
  );
  const bin = join(dir, 'perfmon.mjs');
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'));
  await build({
    entryPoints: [entry],
    outfile: bin,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['ssh2', 'cpu-features', 'node-pty'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return { bin, cleanup: () => undefined };
}

beforeAll(async () => {
  env = await startDumpLab(['MonitorDeadlock', 'GrowingCache']);
  ({ lab, work } = env);
  const cliDir = join(work, 'cli');
  await mkdir(cliDir);
  cli = await buildDumpCli(cliDir);
  [deadlock, cache] = await Promise.all([
    startRemoteJava(env.connection, env.classes.dir, 'MonitorDeadlock'),
    startRemoteJava(env.connection, env.classes.dir, 'GrowingCache'),
  ]);
  await cache.grow(100_000);
});

afterAll(() => stopDumpLab(env));

let folders = 0;
async function folder(): Promise<string> {
  const dir = join(work, `f${++folders}`);
  await mkdir(dir);
  await chmod(dir, 0o1777);
  return dir;
}

/** `promise`, or a failure saying `what()` when it takes longer than ms. */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function perfmon(...args: string[]) {
  return runCli(cli, ['dump', ...args], lab.env);
}

async function inventory(lines: string[]): Promise<string> {
  const file = join(await folder(), 'perfmon.yaml');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('perfmon dump', () => {
  it('thread: a series saved where --out says, the deadlock summarised first, both dumps in the audit log', async () => {
    const out = await folder();
    const result = await perfmon('thread', 'lab-0', '--pid', String(deadlock.pid), '--count', '2', '--every', '1', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(result.stdout).toContain(`saved ${join(out, file)} (`);
    const summary = result.stdout.slice(result.stdout.indexOf('\n\n') + 2);
    expect(summary.split('\n').slice(0, 4)).toEqual([
      "DEADLOCKS: 1 (the JVM's own report agrees)",
      '  1. "transfer-savings-to-checking" → "transfer-checking-to-savings" → "transfer-savings-to-checking"',
      expect.stringMatching(/^ {5}"transfer-savings-to-checking" waits for <0x[0-9a-f]+> \(MonitorDeadlock\$Account\) held by "transfer-checking-to-savings"$/),
      expect.stringMatching(/^ {5}"transfer-checking-to-savings" waits for <0x[0-9a-f]+> \(MonitorDeadlock\$Account\) held by "transfer-savings-to-checking"$/),
    ]);
    expect(summary).toContain(`Full report: perfmon analyze ${files.map((f) => join(out, f)).join(' ')}`);
    const audit = (await readFile(join(lab.home, '.local/state/perfmon/audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = audit.filter((a) => a['action'] === 'dump-thread' && a['pid'] === deadlock.pid);
    expect(mine.map((a) => [a['event'], a['ok']])).toEqual([
      ['before', undefined],
      ['after', true],
      ['before', undefined],
      ['after', true],
    ]);
    expect(mine[0]).toMatchObject({ host: 'lab-0', sshUser: lab.user, command: expect.stringContaining('Thread.print') });
  });

  it('heap --yes with the inventory’s jvm.dumpDir: the plan, the verified file, the remote copy removed', async () => {
    const [out, dumpDir] = [await folder(), await folder()];
    const config = await inventory(['hosts:', '  - name: lab-0', '    jvm:', `      dumpDir: ${dumpDir}`]);
    const result = await perfmon('heap', 'lab-0', '--pid', String(cache.pid), '--yes', '--out', out, '--config', config);
    expect(result.code).toBe(0);
    const [file] = await readdir(out);
    expect(file).toMatch(new RegExp(`^lab-0-${cache.pid}-\\d{8}T\\d{6}Z\\.hprof\\.gz$`));
    expect(result.stdout).toMatch(new RegExp(`^JVM ${cache.pid} on lab-0 \\(GrowingCache\\), user ${lab.user}: heap \\S+ used of \\S+ committed, max \\S+$`, 'm'));
    expect(result.stdout).toContain(`Dump to lab-0:${join(dumpDir, file!)}`);
    expect(result.stdout).toContain('The JVM pauses while it writes the dump');
    expect(result.stdout).toMatch(new RegExp(`^saved ${join(out, file!).replace(/[.]/g, '\\.')} \\(\\d+ bytes, sha256 [0-9a-f]{64}, verified\\)`, 'm'));
    expect(result.stdout).toContain(`removed the remote copy ${join(dumpDir, file!)}`);
    expect(await readdir(dumpDir)).toEqual([]);
  });

  it('heap without --yes and without a terminal is refused before anything runs (exit 2)', async () => {
    const out = await folder();
    const result = await perfmon('heap', 'lab-0', '--pid', String(cache.pid), '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('perfmon: refusing to dump a heap without --yes: stdin is not a terminal, so no one can confirm the pause\n');
    expect(await readdir(out)).toEqual([]);
  });

  it('heap in a terminal asks for the host name; a wrong answer dumps nothing (exit 1)', async () => {
    const [out, dumpDir] = [await folder(), await folder()];
    const config = await inventory(['hosts:', '  - name: lab-0', '    jvm:', `      dumpDir: ${dumpDir}`]);
    const run = new PtyRun(cli, ['dump', 'heap', 'lab-0', '--pid', String(cache.pid), '--out', out, '--config', config], lab.env);
    await within(run.waitFor(/Type lab-0 to dump the heap of JVM \d+: /), 20_000, () => `no prompt; the terminal shows:\n${run.output}`);
    expect(run.output).toContain('The JVM pauses while it writes the dump');
    run.write('lab-1\r');
    expect(await run.exit).toBe(1);
    expect(run.output).toContain('not confirmed; nothing was done');
    expect(await readdir(dumpDir)).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });

  it('--read-only and the inventory’s actions refuse (exit 2), naming why', async () => {
    const readOnly = await perfmon('thread', 'lab-0', '--pid', String(deadlock.pid), '--read-only', '--out', await folder());
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toBe('perfmon: dump-thread refused: perfmon runs with --read-only, which allows no action\n');
    const config = await inventory(['actions: [dump-thread]', 'hosts:', '  - name: lab-0']);
    const heap = await perfmon('heap', 'lab-0', '--pid', String(cache.pid), '--yes', '--config', config, '--out', await folder());
    expect(heap.code).toBe(2);
    expect(heap.stderr).toBe(`perfmon: dump-heap refused: it is not in the actions allowed by ${config} (actions: dump-thread)\n`);
  });

  it('histogram --count 2: both saved, the growth between them printed', async () => {
    const out = await folder();
    const result = await perfmon('histogram', 'lab-0', '--pid', String(cache.pid), '--count', '2', '--every', '0', '--out', out);
    expect(result.code).toBe(0);
    const files = [...result.stdout.matchAll(/^saved (.+)$/gm)].map((m) => m[1]!);
    expect(files).toHaveLength(2);
    expect((await readdir(out)).map((f) => join(out, f)).sort()).toEqual([...files].sort());
    for (const file of files) expect(file).toMatch(/\.histogram\.txt$/);
    expect(result.stdout).toContain(`CLASS GROWTH: ${files[0]} → ${files[1]}`);
  });

  it('exit 1 for a pid that does not exist, 3 for a host that cannot be reached', async () => {
    const missing = await perfmon('thread', 'lab-0', '--pid', '999999999', '--out', await folder());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('perfmon: lab-0: no process with pid 999999999\n');
    const down = await perfmon('thread', 'perfmonlab@127.0.0.1:1', '--pid', '1');
    expect(down.code).toBe(3);
    expect(down.stderr).toBe('perfmon: 127.0.0.1 (127.0.0.1:1): connection refused\n');
  });
});
