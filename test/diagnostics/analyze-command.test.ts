import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERFMON_BIN } from '../support-bin.js';
import { dumpText, fixturePath } from './fixture-dumps.js';

// `perfmon analyze` as an operator runs it: the real bin/perfmon.js in a child process.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dumps = (name: string) => fixturePath(`thread-dumps/${name}`);
const histograms = (name: string) => fixturePath(`class-histograms/${name}`);
let scratch: string;

function perfmon(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PERFMON_BIN, ...args], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'perfmon-analyze-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('perfmon analyze FILE…', () => {
  it('prints the deadlock first, as the JVM reports it, and exits 0', async () => {
    const { code, stdout, stderr } = await perfmon('analyze', dumps('monitor-deadlock-jdk17.txt'));
    expect([code, stderr]).toEqual([0, '']);
    const sections = ['DEADLOCKS: 1', 'LOCK WAITS:', 'THREAD POOLS', 'STACK GROUPS'].map((s) => stdout.indexOf(s));
    expect(sections.every((at, i) => at > 0 && (i === 0 || at > sections[i - 1]!))).toBe(true);
    expect(stdout).toContain(`DEADLOCKS: 1 (the JVM's own report agrees)`);
    expect(stdout).toContain(
      '"transfer-savings-to-checking" waits for monitor <0x000000069ec1a588> (a MonitorDeadlock$Account) held by "transfer-checking-to-savings"',
    );
  });

  it('prints the documented JSON shape with --json', async () => {
    const { code, stdout } = await perfmon('analyze', '--json', dumps('reentrant-lock-deadlock-jdk25.txt'));
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['dumps', 'threads', 'states', 'deadlocks', 'jvmDeadlocks', 'blocked', 'contended', 'pools', 'groups', 'hot', 'stuck', 'warnings']);
    expect(json.threads).toBe(21);
    expect(json.deadlocks[0].threads).toEqual(['risk-check', 'order-router', 'settlement']);
    expect(json.deadlocks[0].locks[0]).toEqual({
      kind: 'synchronizer',
      address: '0x000000069ec17388',
      className: 'java.util.concurrent.locks.ReentrantLock$NonfairSync',
      waiter: 'risk-check',
      holder: 'order-router',
    });
  });

  it('treats several files as one series: hot and stuck, limited by --top', async () => {
    const files = ['busy-spin-jdk25-2.txt', 'busy-spin-jdk25-3.txt', 'busy-spin-jdk25-1.txt'].map(dumps);
    const json = JSON.parse((await perfmon('analyze', ...files, '--json', '--top', '1')).stdout);
    expect(json.dumps.map((d: { source: string }) => d.source)).toEqual([1, 2, 3].map((n) => dumps(`busy-spin-jdk25-${n}.txt`)));
    expect(json.hot).toEqual([expect.objectContaining({ thread: 'price-calculator', basis: 'delta' })]);
    const text = (await perfmon('analyze', ...files)).stdout;
    expect(text).toMatch(/HOT THREADS \(cpu= used between the first and the last dump\)\n {2}"price-calculator"/);
    expect(text).toContain('STUCK (same stack, not idle, in all 3 dumps)');
  });

  it('exits 1 with file:line: reason for a truncated dump, printing nothing on stdout', async () => {
    const file = join(scratch, 'truncated.txt');
    writeFileSync(file, dumpText('monitor-deadlock-jdk17.txt').split('\n').slice(0, 120).join('\n'));
    const { code, stdout, stderr } = await perfmon('analyze', file);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(`${file}:120: thread dump truncated: input ends inside the thread list of the dump that starts at line 3\n`);
  });

  it('exits 1 naming the line of garbage inside a dump, and a file that cannot be read', async () => {
    const file = join(scratch, 'garbage.txt');
    const lines = dumpText('contended-monitor-jdk25.txt').split('\n');
    lines.splice(40, 0, 'garbage!');
    writeFileSync(file, lines.join('\n'));
    expect(await perfmon('analyze', file)).toEqual({ code: 1, stdout: '', stderr: `${file}:41: unexpected line in thread dump: "garbage!"\n` });
    const missing = await perfmon('analyze', join(scratch, 'missing.txt'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing\.txt: cannot read: ENOENT/);
  });

  it('analyses the thread dumps of a DIR/HOST-PID-*.txt glob, skipping with a note what is not one', async () => {
    const dir = join(scratch, 'mixed');
    mkdirSync(join(dir, 'host-1-folder.txt'), { recursive: true });
    writeFileSync(join(dir, 'host-1-empty.txt'), '');
    writeFileSync(join(dir, 'host-1-histogram.txt'), readFileSync(histograms('growing-cache-jdk17-1.txt')));
    // The first bytes of every HPROF file, as `jcmd GC.heap_dump` writes them.
    writeFileSync(join(dir, 'host-1-heap.txt'), Buffer.concat([Buffer.from('JAVA PROFILE 1.0.2\0'), Buffer.alloc(64)]));
    writeFileSync(join(dir, 'host-1-threads.txt'), dumpText('lock-chain-jdk17.txt'));
    const files = ['empty', 'folder', 'heap', 'histogram', 'threads'].map((n) => join(dir, `host-1-${n}.txt`));
    const { code, stdout, stderr } = await perfmon('analyze', ...files);
    expect(code).toBe(0);
    expect(stdout).not.toBe('');
    expect(stderr.split('\n')).toEqual([
      `skipped ${files[0]}: is empty`,
      `skipped ${files[1]}: is a folder`,
      `skipped ${files[2]}: is a heap dump (use a heap analyser such as Eclipse MAT or VisualVM)`,
      `skipped ${files[3]}: is a class histogram (use perfmon analyze --histogram)`,
      '',
    ]);
    const none = await perfmon('analyze', files[0]!, files[1]!);
    expect(none).toEqual({ code: 1, stdout: '', stderr: `${files[0]}: is empty\n${files[1]}: is a folder\n` });
  });

  it('exits 2 on bad usage', async () => {
    expect((await perfmon('analyze')).code).toBe(2);
    expect((await perfmon('analyze', '--top', '0', dumps('lock-chain-jdk17.txt'))).code).toBe(2);
    const three = await perfmon('analyze', '--histogram', 'a', 'b', 'c');
    expect(three.code).toBe(2);
    expect(three.stderr).toContain('--histogram takes one or two files');
  });
});

describe('perfmon analyze --histogram', () => {
  it('names the growing class first between two captures', async () => {
    const { code, stdout } = await perfmon('analyze', '--histogram', histograms('growing-cache-jdk17-1.txt'), histograms('growing-cache-jdk17-2.txt'));
    expect(code).toBe(0);
    const rows = stdout.split('\n');
    expect(rows[0]).toMatch(/^CLASS GROWTH: .*growing-cache-jdk17-1\.txt → .*growing-cache-jdk17-2\.txt/);
    expect(rows[2]).toMatch(/^\s+\+4\.3 MiB\s+\+80,000\s+5\.3 MiB\s+100,000\s+GrowingCache\$OrderSnapshot$/);
  });

  it('prints the top classes of one capture as JSON', async () => {
    const { code, stdout } = await perfmon('analyze', '--histogram', '--json', '--top', '2', histograms('growing-cache-jdk25-2.txt'));
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.top.map((r: { className: string }) => r.className)).toEqual(['GrowingCache$OrderSnapshot', 'java.util.HashMap$Node']);
    expect([json.totalBytes, json.totalInstances]).toEqual([13619224, 329546]);
  });

  it('exits 1 with file:line for a damaged histogram', async () => {
    const file = join(scratch, 'histogram.txt');
    writeFileSync(file, ' num     #instances         #bytes  class name (module)\n-------\n   1:  12  34  Foo\n   2:  oops\n');
    expect(await perfmon('analyze', '--histogram', file)).toEqual({ code: 1, stdout: '', stderr: `${file}:4: not a class histogram row: "   2:  oops"\n` });
  });
});
