import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { Recorder, retentionOf, type HostEvent } from '../../src/history/recorder.js';
import { WriterLockHeldError } from '../../src/history/store-errors.js';
import { sessionReadings } from '../../src/runtime/recorder-readings.js';
import { defaultInventory } from '../../src/config/load-inventory.js';
import { AuditLog } from '../../src/procedures/audit-log.js';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-recorder-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Resolves when `check` holds, polling every 50 ms (the recorder works on its own clock). */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the recorder on this machine', () => {
  it('records every reading of the local collector; the store opens once a corrupt file is moved away', async () => {
    const store = newDir();
    writeFileSync(join(store, 'data.mdb'), 'not a store '.repeat(1000));
    const lines: string[] = [];
    const recorder = await Recorder.start(sessionReadings(null, { intervalMs: 250 }), { store, log: (l) => lines.push(l), reopenIntervalMs: 200, flushIntervalMs: 200 });
    try {
      expect(recorder.recording).toBe(false);
      expect(lines[0]).toContain(`${join(store, 'data.mdb')} is corrupt or not a history store`);
      expect(lines[0]).toContain('hosts are still watched');
      await until(() => lines.includes(`${hostname()} up`), 'the first reading');
      renameSync(join(store, 'data.mdb'), join(store, 'data.mdb.broken'));
      await until(() => recorder.recording && recorder.samples > 0, 'recording to start');
      // One line per state change, none per sample.
      expect(lines.filter((l) => l.includes(' up'))).toEqual([`${hostname()} up`]);
      expect(lines).toContain(`history: ${store} opened; recording again`);
    } finally {
      await recorder.stop();
    }
    const reader = await HistoryReader.open(store);
    const [up] = reader.query({ name: 'host_up', labels: { host: hostname() } }, Date.now() - 60_000, Date.now() + 1000, 1000);
    expect(up!.buckets.length).toBeGreaterThan(0);
    expect(up!.buckets.every((b) => b.min === 1)).toBe(true);
    expect(reader.query({ name: 'cpu_usage' }, Date.now() - 60_000, Date.now() + 1000, 1000)).toHaveLength(1);
    reader.close();
  }, 30_000);

  it('refuses a store another writer holds, naming the pid and the lock', async () => {
    const store = newDir();
    const other = await HistoryWriter.open(store);
    try {
      const started = Recorder.start(sessionReadings(null, { intervalMs: 250 }), { store, log: () => {} });
      await expect(started).rejects.toBeInstanceOf(WriterLockHeldError);
      await expect(started).rejects.toThrow(`being written by process ${process.pid} (lock ${join(store, 'writer.lock')})`);
    } finally {
      other.close();
    }
  });

  it("takes the inventory's retention in ms", () => {
    const history = { ...defaultInventory().history, maxBytes: 2 ** 31 };
    expect(retentionOf(history)).toEqual({ maxAge: { raw: 14 * 86_400_000, '1m': 90 * 86_400_000, '1h': 730 * 86_400_000 }, maxBytes: 2 ** 31 });
  });

  it('records the audit log as events, each line once, also across restarts, naming a line that is not a record', async () => {
    const store = newDir();
    const auditFile = join(newDir(), 'audit.jsonl');
    const audit = new AuditLog(auditFile, { localUser: 'ops', localHost: 'desk-1' });
    await audit.append('before', { action: 'restart', host: 'oe-1', component: 'engine', command: 'systemctl restart engine', start: '2026-12-03T10:00:00.000Z' });
    const lines: string[] = [];
    const source = { hosts: [], auditLog: auditFile, stop: () => {} };
    const start = () => Recorder.start(async () => source, { store, log: (l) => lines.push(l), flushIntervalMs: 100 });
    const events = async () => {
      const reader = await HistoryReader.open(store);
      try {
        return reader.events(0, Date.now() + 60_000);
      } finally {
        reader.close();
      }
    };
    let recorder = await start();
    await audit.append('after', { action: 'restart', host: 'oe-1', component: 'engine', command: 'systemctl restart engine', exitStatus: 0 });
    appendFileSync(auditFile, 'not json\n');
    await audit.note('run-end', { component: 'engine' });
    await until(() => lines.some((l) => l.includes(`${auditFile}:3: not an audit record`)), 'the bad line to be named');
    await recorder.stop();
    const first = await events();
    expect(first.map((e) => [e.event['event'], e.event['action'] ?? e.event['what'], e.event['host'] ?? null])).toEqual([
      ['before', 'restart', 'oe-1'],
      ['after', 'restart', 'oe-1'],
      ['note', 'run-end', null],
    ]);
    expect(first[0]!.t).toBeLessThanOrEqual(first[1]!.t);
    // A restarted recorder reads the log from its start again: nothing is stored twice.
    recorder = await start();
    await recorder.stop();
    expect(await events()).toEqual(first);
  });

  it('says once that an audit log cannot be read, and goes on', async () => {
    const notAFile = newDir();
    const lines: string[] = [];
    const recorder = await Recorder.start(async () => ({ hosts: [], auditLog: notAFile, stop: () => {} }), { store: newDir(), log: (l) => lines.push(l), flushIntervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few more attempts
    await recorder.stop();
    expect(lines.filter((l) => l.includes(`cannot read the audit log ${notAFile}`))).toHaveLength(1);
  });

  it('records and judges a host that stays down again on every interval', async () => {
    const store = newDir();
    const judged: number[] = [];
    let tell: (event: HostEvent) => void = () => {};
    const recorder = await Recorder.start(async (listener) => ((tell = listener), { hosts: ['db1'], stop: () => {} }), {
      store,
      log: () => {},
      downEveryMs: 100,
      judge: (snapshot, t) => (snapshot.status === 'down' && judged.push(t), null),
    });
    const since = Date.now();
    tell({ kind: 'host-down', timeMs: since, host: 'db1', reason: 'refused: connect ECONNREFUSED' });
    await until(() => judged.length >= 5, 'the down host to be judged again');
    await recorder.stop();
    expect(judged.every((t, i) => i === 0 || t > judged[i - 1]!)).toBe(true);
    const reader = await HistoryReader.open(store);
    const [up] = reader.query({ name: 'host_up', labels: { host: 'db1' } }, since - 1000, Date.now() + 1000, 1);
    expect(up!.buckets.length).toBeGreaterThanOrEqual(5);
    expect(up!.buckets.every((b) => b.max === 0)).toBe(true);
    reader.close();
  });
});
