import { describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { parseCollectorRecord } from '../../src/collect/remote/parse-collector-record.js';
import { frame, helloRecord, sampleBody } from './collector-wire.js';

// The fleet simulator speaks the collector's wire format through collector-wire.ts: what it
// writes must read back, through perfmon's own parser, as the readings it was made from.
describe('the simulator’s collector records', () => {
  const snapshots = readSnapshots().slice(0, 120);

  it('read back through the real parser as the capture they were made from', () => {
    expect(parseCollectorRecord(helloRecord({ clockTicks: 100, pageSize: 4096, cores: 4, hostname: 'sim-7', kernel: '6.1.0-sim' }))).toMatchObject({
      kind: 'hello',
      facts: { protocol: 1, clockTicks: 100, pageSize: 4096, cores: 4, hostname: 'sim-7', kernel: '6.1.0-sim' },
    });
    let checked = 0;
    for (const [i, s] of snapshots.entries()) {
      const flags = { processes: i % 5 === 0, tcpStates: i % 5 === 0, filesystems: i % 30 === 0 };
      const record = parseCollectorRecord(frame(i + 1, sampleBody(s, 1, flags)));
      if (record.kind !== 'sample') return expect.fail('not a sample');
      const f = record.fields;
      expect(f.cpu.user).toBeCloseTo(s.cpu.user, 0);
      expect(f.cpu.system).toBeCloseTo(s.cpu.system, 0);
      expect(f.cpu.perCore).toHaveLength(s.cpu.perCore.length);
      expect(f.load[0]).toBeCloseTo(s.load[0], 1);
      expect(Math.abs(f.memory.available - s.memory.available)).toBeLessThan(1024);
      expect(f.disks.map((d) => d.device)).toEqual(s.disks.map((d) => d.device));
      expect(f.network.map((n) => [n.iface, Math.round(n.rxBytesPerSec)])).toEqual(s.network.map((n) => [n.iface, Math.round(n.rxBytesPerSec)]));
      expect(record.hasProcesses).toBe(flags.processes);
      if (flags.processes) expect(f.processes.map((p) => [p.pid, p.command])).toEqual(s.processes.map((p) => [p.pid, p.command]));
      if (flags.filesystems) expect(f.filesystems.map((x) => x.mount)).toEqual(s.filesystems.map((x) => x.mount));
      if (flags.tcpStates) expect(f.tcp.established).toBe(s.tcp.established);
      checked += 1;
    }
    expect(checked).toBe(snapshots.length);
  });

  it('is caught by the framer when a byte goes missing (the simulator’s garbage is real garbage)', () => {
    const good = frame(3, sampleBody(snapshots[0]!, 1, { processes: false, tcpStates: false, filesystems: false }));
    expect(() => parseCollectorRecord(good.replace(/^l .*$/m, 'l 1 2'))).toThrow();
  });
});
