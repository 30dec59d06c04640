import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventoryOrThrow } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { HistoryReader } from '../../src/history/history-reader.js';
import { openMonitorSession, type MonitorSession } from '../../src/runtime/monitor-session.js';
import { sourceLabel } from '../../src/runtime/readings-source.js';
import { relaySocketPath } from '../../src/runtime/relay-protocol.js';
import { startLab, type Lab } from '../lab/lab.js';
import { RecorderProcess } from '../lab/recorder-process.js';

/** Logins each host's sshd accepted so far (sshd -e logs one line per authenticated connection). */
const logins = (lab: Lab, host: number) => lab.log(host).split('\n').filter((l) => l.includes('Accepted publickey')).length;

async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Good readings of every host told by the session after `from`. */
function readingsCounter(tui: MonitorSession): Map<string, number> {
  const counts = new Map<string, number>();
  tui.session.onSample((s) => {
    if (s.kind === 'host') counts.set(s.host, (counts.get(s.host) ?? 0) + 1);
  });
  return counts;
}

describe('several TUIs, one recorder (lab, real sshd)', () => {
  let lab: Lab;
  let inventory: Inventory;
  let store: string;
  const recorders: RecorderProcess[] = [];
  const tuis: MonitorSession[] = [];
  beforeAll(async () => {
    lab = await startLab({ hosts: 2 });
    const file = join(lab.dir, 'perfmon.yaml');
    store = join(lab.dir, 'history');
    writeFileSync(
      file,
      [
        'interval: 0.5',
        'audit: {path: audit.jsonl}',
        'history:',
        '  path: history',
        'hosts:',
        ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`),
        'components:',
        '  - { name: engine, role: order-engine, hosts: [lab-0, lab-1], health: { command: "true", interval: 1 } }',
        '',
      ].join('\n'),
    );
    inventory = (await loadInventoryOrThrow({ configPath: file, env: lab.env, home: lab.home }))!;
  });
  afterAll(async () => {
    for (const tui of tuis) await tui.session.close();
    for (const r of recorders) r.signal('SIGKILL');
    await lab?.stop();
  });

  const open = (reattachDelayMs: number) =>
    openMonitorSession({ inventory, storeDir: store, intervalMs: 500, sshConfig: { home: lab.home }, reattachDelayMs }).then((tui) => {
      tuis.push(tui);
      return tui;
    });

  it('two TUIs attached to the recorder cost each host one login; an action opens its own; the recorder gone, they collect (and one records)', async () => {
    const recorder = new RecorderProcess(lab, ['--config', join(lab.dir, 'perfmon.yaml')]);
    recorders.push(recorder);
    await recorder.logged('live readings served on');
    await recorder.logged('lab-0 up');
    await recorder.logged('lab-1 up');
    const socket = relaySocketPath(store);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(store).mode & 0o077).toBe(0);
    await sleep(1500); // the recorder's health watch and JVM watcher have logged in by now, if they ever do
    const before = [logins(lab, 0), logins(lab, 1)];

    const a = await open(0);
    const b = await open(6000);
    const counts = [readingsCounter(a), readingsCounter(b)];
    // As the TUI's replay and alerts badge do: a reader of the store open in the process that will take over writing it.
    const reader = await HistoryReader.open(store);
    for (const tui of [a, b]) {
      expect(tui.source.get()).toEqual({ kind: 'recorder', pid: recorder.proc.pid });
      expect(sourceLabel(tui.source.get())).toBe(`via recorder pid ${recorder.proc.pid}`);
      expect(tui.session.fleet).toBeNull();
    }
    // Live readings of both hosts reach both TUIs, and the platform's too (component health).
    await until(() => counts.every((c) => (c.get('lab-0') ?? 0) >= 4 && (c.get('lab-1') ?? 0) >= 4), 'four readings of each host in each TUI');
    for (const tui of [a, b]) {
      expect(tui.session.store.getState().hosts.map((h) => [h.name, h.status])).toEqual([
        ['lab-0', 'up'],
        ['lab-1', 'up'],
      ]);
      await until(() => (tui.session.store.getState().platform.componentHealth?.['engine']?.length ?? 0) === 2, 'component health relayed');
      expect(tui.session.store.series({ name: 'cpu_usage', labels: { host: 'lab-0' } })[0]!.length).toBeGreaterThanOrEqual(4);
    }
    // Two TUIs watching: no host has accepted one login more than with the recorder alone.
    expect([logins(lab, 0), logins(lab, 1)]).toEqual(before);

    // An action from an attached TUI opens its own connection to that host only, on demand.
    const ran = await a.session.access!.exec('lab-0', 'echo acting', { timeoutMs: 10_000 });
    expect(ran.stdout.trim()).toBe('acting');
    expect([logins(lab, 0), logins(lab, 1)]).toEqual([before[0]! + 1, before[1]]);

    // The recorder goes: each TUI says so and gets readings again (collected itself, or from the one that took over).
    recorder.signal('SIGTERM');
    expect((await recorder.exited).code).toBe(0);
    const gone = Date.now();
    // a falls back at once and takes the store over; b, later, finds a serving and attaches to it.
    await until(() => a.source.get().kind === 'self' && (a.source.get() as { recording: boolean }).recording, 'a records once the recorder left');
    expect(sourceLabel(a.source.get())).toMatch(new RegExp(`^collecting · recording · recorder ${recorder.proc.pid} gone \\d\\d:\\d\\d:\\d\\d$`));
    await until(() => (b.source.get() as { pid?: number }).pid === process.pid, 'b attached to a', 30_000);
    const after = counts.map((c) => new Map(c));
    await until(() => counts.every((c, i) => ['lab-0', 'lab-1'].every((h) => (c.get(h) ?? 0) >= (after[i]!.get(h) ?? 0) + 3)), 'readings again in both TUIs');
    expect(a.session.fleet).not.toBeNull();
    expect(reader.query({ name: 'host_up', labels: { host: 'lab-0' } }, gone, Date.now() + 1000, 1000)).toHaveLength(1);
    reader.close();
    // What the TUI that took over records is in history (another process could read it).
    await until(async () => {
      const reader = await HistoryReader.open(store);
      try {
        return (reader.query({ name: 'host_up', labels: { host: 'lab-1' } }, gone, Date.now() + 1000, 1000)[0]?.buckets.length ?? 0) >= 2;
      } finally {
        reader.close();
      }
    }, 'history written by the TUI after the recorder left');
    expect(b.session.fleet).toBeNull();
    // One collection again: a's own connection per host (lab-0 keeps the action's too), none of b's.
    expect([logins(lab, 0), logins(lab, 1)]).toEqual([before[0]! + 2, before[1]! + 1]);
  }, 120_000);
});
