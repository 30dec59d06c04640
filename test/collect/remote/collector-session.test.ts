import { once, EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectorExitError, CollectorOutputError, CollectorTimeoutError } from '../../../src/collect/remote/collector-errors.js';
import { CollectorSession, type CollectorSessionOptions } from '../../../src/collect/remote/collector-session.js';
import { descendantsOf } from '../../lab/process-tree.js';
import { ToolDirs, startCollector } from './collector-harness.js';
import { descendantsNamed } from './proc-reading.js';
import { capture, recordsOf, withLine } from './fixtures.js';

/** A session on stream pairs; the test plays the collector with captured records. */
function playground(options: CollectorSessionOptions = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const exit = new EventEmitter();
  const session = new CollectorSession({ stdin, stdout, stderr, exit }, { script: 'the script\n', ...options });
  const errors: Error[] = [];
  session.onError((e) => errors.push(e));
  const written = async (): Promise<string> => String((await once(stdin, 'data'))[0]);
  return { session, stdin, stdout, stderr, exit, errors, written };
}

const [HELLO = '', ...RECORDS] = recordsOf(capture('dash-mawk'));

async function started(p: ReturnType<typeof playground>): Promise<void> {
  const starting = p.session.start();
  expect(await p.written()).toBe('the script\n');
  p.stdout.write(HELLO);
  await starting;
}

describe('CollectorSession on a stream pair', () => {
  it('sends the script, reports what precedes the hello as noise, and resolves the facts', async () => {
    const p = playground();
    const noise: string[] = [];
    p.session.onNoise((line) => noise.push(line));
    const starting = p.session.start();
    expect(await p.written()).toBe('the script\n');
    p.stdout.write(`Last login: Mon\n\u001b[1mwelcome\u001b[0m\n${HELLO}`);
    await expect(starting).resolves.toMatchObject({ cores: 2, hostname: 'vm' });
    expect(noise).toEqual(['Last login: Mon', '\\x1b[1mwelcome\\x1b[0m']);
    expect(p.session.facts?.kernel).toBe('6.18.44-fc-v669');
    expect(p.errors).toEqual([]);
  });

  it('ticks with the right flags, skips while a sample is outstanding, carries lists over', async () => {
    const p = playground({ processEvery: 2, filesystemEvery: 3, topProcesses: 7 });
    await started(p);
    const ticks: string[] = [];
    const results = [];
    for (const record of RECORDS) {
      const sampling = p.session.sample();
      ticks.push(await p.written());
      expect(p.session.outstandingSince).not.toBeNull();
      await expect(p.session.sample()).resolves.toBeNull(); // skipped, not stacked: nothing written
      p.stdout.write(record);
      results.push(await sampling);
    }
    // processes every 2nd (in full the first time, then short), TCP states every 5th, a df
    // every 3rd unless one is running
    expect(ticks).toEqual(['1 Ps 7\n', '2 - 7\n', '3 pf 7\n', '4 - 7\n']);
    const [one, two, three, four] = results;
    expect(one?.fresh).toEqual({ processes: true, filesystems: true, tcp: true });
    expect(two?.fresh).toEqual({ processes: false, filesystems: false, tcp: false });
    expect(two?.fields.tcp).toEqual({ ...one?.fields.tcp, retransmitsPerSec: 0 });
    expect(one?.fields.tcp.listen).toBeGreaterThan(0);
    expect(two?.fields.processes).toEqual(one?.fields.processes);
    expect(two?.fields.filesystems).toEqual(one?.fields.filesystems);
    expect(three?.fields.jvms).toEqual(one?.fields.jvms);
    expect(four?.fresh.filesystems).toBe(true);
    expect(p.session.outstandingSince).toBeNull();
    expect(p.errors).toEqual([]);
  });

  it('fails only the garbled sample, names the host, and asks for processes in full next', async () => {
    const p = playground({ label: 'trade-db-7', processEvery: 1 });
    await started(p);
    const first = RECORDS[0] ?? '';
    const sampling = p.session.sample();
    expect(await p.written()).toBe('1 Ps 10\n');
    const line = first.split('\n').findIndex((l) => l.startsWith('m '));
    p.stdout.write(withLine(first, line, 'm 24684084 lots'));
    const error = await sampling.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorOutputError);
    expect((error as Error).message).toBe(`collector output (trade-db-7, record 1, line ${line + 1}): "lots" is not a number: "m 24684084 lots"`);
    expect(p.errors).toEqual([error]);

    const next = p.session.sample();
    expect(await p.written()).toBe('2 P 10\n'); // in full again: the lost record may have held a list
    p.stdout.write(RECORDS[1] ?? '');
    await expect(next).resolves.toMatchObject({ seq: 2 });
  });

  it('reports a record nobody asked for and output between records', async () => {
    const p = playground();
    await started(p);
    const reported = new Promise((resolve) => p.session.onError(() => p.errors.length === 2 && resolve(undefined)));
    p.stdout.write(`${RECORDS[2]}stray\n`);
    await reported;
    expect(p.errors.map((e) => e.message)).toEqual([
      'collector output (record 3): record 3 arrived unasked (awaiting nothing)',
      expect.stringMatching(/^collector output \(line \d+\): output outside any record: "stray"$/),
    ]);
  });

  it('fails for good when the collector ends, with its exit status and stderr', async () => {
    const p = playground({ label: 'web-1' });
    await started(p);
    const stderr: string[] = [];
    p.session.onStderr((line) => stderr.push(line));
    const sampling = p.session.sample();
    await p.written();
    p.stderr.write('awk: run time error: division by zero\n\tFILENAME="-" FNR=3');
    p.exit.emit('exit', 2, null);
    p.stdout.end();
    p.stderr.end();
    p.exit.emit('close');
    const error = await sampling.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorExitError);
    expect(error).toMatchObject({ code: 2, message: 'collector exited with code 2; stderr: awk: run time error: division by zero | \\x09FILENAME="-" FNR=3' });
    expect(stderr).toEqual(['awk: run time error: division by zero', '\\x09FILENAME="-" FNR=3']);
    expect(p.errors).toEqual([error]);
    expect(p.session.failed).toBe(error);
    await expect(p.session.sample()).rejects.toBe(error);
  });

  it('gives up on a collector that does not answer, and fails for good', async () => {
    const p = playground({ timeoutMs: 50 });
    await started(p);
    const error = await p.session.sample().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CollectorTimeoutError);
    expect((error as Error).message).toBe('no record 1 from the collector in 50 ms');
    expect(p.stdin.writableEnded).toBe(true);
    await expect(p.session.sample()).rejects.toBe(error);
  });

  it('closes quietly: ends the input and resolves when the output has ended', async () => {
    const p = playground();
    await started(p);
    const closing = p.session.close();
    await once(p.stdin, 'finish');
    p.exit.emit('exit', 0, null);
    p.exit.emit('close');
    await closing;
    expect(p.errors).toEqual([]);
  });
});

describe('CollectorSession on a real collector', () => {
  const tools = new ToolDirs();
  afterAll(() => tools.remove());

  it('ends the collector when its awk dies, failing the session without waiting for a tick', async () => {
    const c = await startCollector({ shell: 'dash', awk: 'mawk', tools });
    try {
      await c.session.sample();
      const [awk] = descendantsNamed(c.child.pid ?? 0, 'awk');
      if (awk === undefined) return expect.fail('no awk below the collector');
      const failed = new Promise<Error>((resolve) => c.session.onError(resolve));
      process.kill(awk, 'SIGKILL');
      const error = await failed;
      expect(error).toBeInstanceOf(CollectorExitError);
      // the script's `|| kill 0` ends the whole collector, its shell included
      expect(error.message).toMatch(/^collector killed by SIGTERM/);
      expect(await c.session.sample().catch((e: unknown) => e)).toBe(error);
    } finally {
      await c.close();
    }
  });

  it('keeps sampling past a df that never returns, warns, and close() still ends it', async () => {
    const c = await startCollector({
      shell: 'dash', awk: 'mawk', tools, df: { script: 'exec sleep 300' }, filesystemEvery: 1, dfWarnSeconds: 0, closeGraceMs: 100,
    });
    let samples;
    try {
      // The fake df is a script that execs sleep: either name, depending on how far it got.
      const dfs = () => [...descendantsNamed(c.child.pid ?? 0, 'df'), ...descendantsNamed(c.child.pid ?? 0, 'sleep')];
      samples = [];
      for (let i = 0; i < 3; i++) samples.push(await c.session.sample());
      // Samples are taken on demand, faster than a busy machine may fork the df.
      while (dfs().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 3; i++) samples.push(await c.session.sample());
      expect(dfs()).toHaveLength(1); // one df only: no new one while it runs
    } finally {
      await c.close();
    }
    expect(samples.map((s) => s?.warnings)).toEqual(Array(6).fill([expect.stringMatching(/^df has been running for \d+ s \(a hung mount\?\): free space is not current$/)]));
    expect(descendantsOf(c.child.pid ?? 0)).toEqual([]);
    expect(c.child.exitCode !== null || c.child.signalCode !== null).toBe(true);
  });
});
