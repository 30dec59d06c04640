/**
 * The Dumps pane as an operator uses it: the real `perfmon` (bin/perfmon.js) in a
 * pseudo-terminal on a lab inventory, the fixture programs running as the lab's login user on
 * lab-0 (a two-thread monitor deadlock, and a cache grown to a few MB of heap). The operator
 * finds the JVMs with their figures, takes a thread dump series of the deadlocked one, reads
 * the deadlock in the analysis, and takes a heap dump through its confirmation; the files, the
 * remote dump directory and the audit log say it all happened as shown.
 */
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDumpLab, stopDumpLab, type DumpLab } from '../diagnostics/capture/dump-lab.js';
import { startRemoteJava, type JavaProcess } from '../diagnostics/capture/java-processes.js';
import { PtySession } from '../e2e/pty-session.js';

let env: DumpLab;
let deadlock: JavaProcess;
let cache: JavaProcess;
let inventory: string;
let dumps: string;
let remoteDumps: string;
let audit: string;
let session: PtySession | undefined;

beforeAll(async () => {
  env = await startDumpLab(['MonitorDeadlock', 'GrowingCache']);
  [deadlock, cache] = await Promise.all([
    startRemoteJava(env.connection, env.classes.dir, 'MonitorDeadlock'),
    startRemoteJava(env.connection, env.classes.dir, 'GrowingCache', ['-Xmx256m']),
  ]);
  await cache.grow(100_000);
  dumps = join(env.work, 'dumps');
  remoteDumps = join(env.work, 'remote');
  await mkdir(remoteDumps);
  // Like /tmp: the JVM's owner (the lab user) writes its dump there.
  await chmod(remoteDumps, 0o1777);
  audit = join(env.work, 'audit.jsonl');
  inventory = join(env.work, 'perfmon.yaml');
  await writeFile(inventory, ['environment: lab', `audit: {path: ${audit}}`, 'hosts:', '  - name: lab-0', '    jvm:', `      dumpDir: ${remoteDumps}`, ''].join('\n'));
}, 180_000);

afterEach(() => session?.kill());
afterAll(() => stopDumpLab(env));

function auditLines(): Promise<Array<Record<string, unknown>>> {
  return readFile(audit, 'utf8').then((text) =>
    text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

async function gunzippedHead(file: string): Promise<string> {
  const stream = createReadStream(file).pipe(createGunzip());
  for await (const chunk of stream) {
    stream.destroy();
    return (chunk as Buffer).subarray(0, 18).toString('latin1');
  }
  return '';
}

/** perfmon on the lab inventory, on the Dumps pane, with the JVM's figures read. */
async function openPane(): Promise<PtySession> {
  const s = new PtySession(['--config', inventory, '--dumps-dir', dumps], { cols: 120, rows: 36, env: env.lab.env as Record<string, string> });
  await s.waitFor(/1 up 0 down/, 30_000);
  s.write(':');
  await s.waitFor(/^: /m);
  s.write('Dumps\r');
  // Figures (a heap gauge and a percentage) on the deadlocked JVM's row: the watcher's jstat runs.
  await s.waitFor(new RegExp(`● lab-0 +${deadlock.pid} .*MonitorDeadlock .*[█▏▎▍▌▋▊▉·]{8} +\\d+(\\.\\d)?%`), 60_000);
  return s;
}

/**
 * Selects a JVM by filtering on its pid (other tests' JVMs may run the same programs on this
 * machine): any other pid containing it is longer, so larger, and sorts after it.
 */
async function select(s: PtySession, java: JavaProcess): Promise<void> {
  s.write('/');
  // Typed ahead of the prompt, the keys would be keys of the pane.
  await s.waitFor(/^\/ .*Enter keep/m);
  s.write(String(java.pid));
  s.write('\r');
  // The prompt closed (a key typed before that would still be filter text), our JVM first.
  await s.waitFor((screen) => screen.includes(`filter ${java.pid}: `) && !/Enter keep/.test(screen));
  const firstRow = () => s.screen().find((l) => /^[●○] /.test(l));
  expect(firstRow()).toMatch(new RegExp(`^[●○] lab-0 +${java.pid} `));
  // ○ until its first reading (openPane waited for one JVM's figures, not every JVM's); the
  // heap dump's free-space check needs the heap in use, so wait for ●.
  await s.waitFor(() => new RegExp(`^● lab-0 +${java.pid} `).test(firstRow() ?? ''), 60_000);
}

describe('the Dumps pane on a lab host', () => {
  it('takes a thread dump series of the deadlocked JVM and shows the deadlock in the analysis', async () => {
    session = await openPane();
    expect(session.text()).toMatch(new RegExp(`[●○] lab-0 +${cache.pid} .*GrowingCache`));
    await select(session, deadlock);
    session.write('t');
    await session.waitFor(/Thread dumps of JVM \d+ \(MonitorDeadlock\) on lab-0/);
    // 3 dumps (the default), 1 s apart.
    session.write('\u001B[B');
    session.write('\u007F\u007F1');
    await session.waitFor(/seconds apart +1 /);
    session.write('\r');
    const done = await session.waitFor(/✔ .* threads ×3 +lab-0 +\d+ .*DEADLOCK ×1/, 60_000);
    expect(done).toContain(`lab-0`);
    const files = (await readdir(dumps)).filter((f) => f.endsWith('.txt')).sort();
    expect(files).toHaveLength(3);
    for (const file of files) expect(file).toMatch(new RegExp(`^lab-0-${deadlock.pid}-\\d{8}T\\d{6}Z(-\\d+)?\\.txt$`));

    session.write('v');
    session.write('\r');
    const analysis = await session.waitFor(/DEADLOCKS: 1 \(the JVM's own report agrees\)/, 30_000);
    const flat = analysis.replace(/\s+/g, ' ');
    expect(flat).toContain(`3 thread dumps of JVM ${deadlock.pid} on lab-0 (MonitorDeadlock)`);
    expect(flat).toContain('1. "transfer-savings-to-checking" → "transfer-checking-to-savings" → "transfer-savings-to-checking"');
    expect(flat).toMatch(/"transfer-savings-to-checking" waits for monitor <0x[0-9a-f]+> \(a MonitorDeadlock\$Account\) held by "transfer-checking-to-savings"/);
    expect(flat).toMatch(/"transfer-checking-to-savings" waits for monitor <0x[0-9a-f]+> \(a MonitorDeadlock\$Account\) held by "transfer-savings-to-checking"/);

    const lines = (await auditLines()).filter((l) => l['action'] === 'dump-thread' && l['pid'] === deadlock.pid);
    expect(lines.map((l) => l['event'])).toEqual(['before', 'after', 'before', 'after', 'before', 'after']);
    expect(lines.filter((l) => l['event'] === 'after').every((l) => l['ok'] === true)).toBe(true);

    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  }, 180_000);

  it('takes a heap dump through the confirmation: free space and pause shown, the host typed; fetched, verified, the remote copy removed', async () => {
    session = await openPane();
    await select(session, cache);
    session.write('h');
    const confirm = await session.waitFor(/Type lab-0 and press Enter to go ahead/, 60_000);
    const flat = confirm.replace(/\s+/g, ' ');
    expect(flat).toContain(`Heap dump of JVM ${cache.pid} on lab-0`);
    expect(flat).toMatch(new RegExp(`Free space in ${remoteDumps}: \\S+ for at most \\S+ of heap in use: enough`));
    expect(flat).toContain('PAUSE: The JVM pauses while it writes the dump');
    session.write('lab-9\r');
    await session.waitFor(/that is not lab-0/);
    session.write('\u007F0\r');
    const done = await session.waitFor(/✔ .* heap +lab-0 +\d+ .*verified +in \d+\.\ds, remote copy removed/, 120_000);
    expect(done).toContain(String(cache.pid));
    const [heap] = (await readdir(dumps)).filter((f) => f.endsWith('.hprof.gz'));
    expect(heap).toMatch(new RegExp(`^lab-0-${cache.pid}-\\d{8}T\\d{6}Z\\.hprof\\.gz$`));
    expect(await gunzippedHead(join(dumps, heap!))).toBe('JAVA PROFILE 1.0.2');
    expect(await readdir(remoteDumps)).toEqual([]);
    const lines = (await auditLines()).filter((l) => l['action'] === 'dump-heap' && l['pid'] === cache.pid);
    expect(lines.map((l) => [l['event'], l['ok']])).toEqual([
      ['before', undefined],
      ['after', true],
    ]);
    expect(String(lines[0]!['command'])).toContain('GC.heap_dump');

    session.write('q');
    expect((await session.exited).exitCode).toBe(0);
  }, 180_000);
});
