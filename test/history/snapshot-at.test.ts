import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { HistoryReader } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { hostSnapshotSamples } from '../../src/history/host-snapshot-samples.js';
import { fleetAt, hostAt } from '../../src/history/snapshot-at.js';
import { DAY, MINUTE } from '../../src/history/store-layout.js';
import { downSnapshot, type HostSnapshot } from '../../src/model/host-snapshot.js';
import { seriesId } from '../../src/model/series-key.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
async function newStore() {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-snapshot-at-'));
  dirs.push(dir);
  return { dir, writer: await HistoryWriter.open(dir) };
}

/** Two days ago on a 10-minute boundary, plus 7 s: instants fall inside windows, not on their edges. */
const START = Math.floor((Date.now() - 2 * DAY) / (10 * MINUTE)) * 10 * MINUTE + 7000;
const TOP = 5;
const REAL = readSnapshots();

/** The real capture as host `name`, one reading per second from START (`shift` readings further on in the capture). */
function reading(name: string, second: number, shift = 0): HostSnapshot {
  const s = REAL[(second + shift) % REAL.length]!;
  return { ...s, name, time: new Date(START + second * 1000).toISOString() };
}

function write(writer: HistoryWriter, s: HostSnapshot, top = TOP) {
  writer.append(s.name, Date.parse(s.time), hostSnapshotSamples(s, { topProcesses: top }));
}

/** A snapshot's figures as history keeps them, by series id: what a round trip must give back. */
const figures = (s: HostSnapshot) => Object.fromEntries(hostSnapshotSamples(s, { topProcesses: TOP }).map(({ key, v }) => [seriesId(key), v]));

describe('the fleet at a past moment, from history', () => {
  it('gives back every stored figure of each host at the latest instant at or before T, from closed windows and from the open one', async () => {
    const { dir, writer } = await newStore();
    const seconds = 15 * 60; // the first 10-minute window closes, the rest stays in the write-ahead table
    for (let s = 0; s < seconds; s++) {
      write(writer, reading('db1', s));
      write(writer, reading('web1', s, 100));
    }
    writer.flush();
    const reader = await HistoryReader.open(dir);
    try {
      for (const second of [42, 12 * 60 + 5]) {
        // T half a second after the instant: the instant shown is the one before.
        const fleet = fleetAt(reader, START + second * 1000 + 500);
        expect(fleet.missing).toEqual([]);
        expect(fleet.hosts.map((h) => h.name)).toEqual(['db1', 'web1']);
        const [db1, web1] = fleet.hosts;
        const original = reading('db1', second);
        expect(db1!.t).toBe(Date.parse(original.time));
        expect(db1!.snapshot.time).toBe(original.time);
        expect(figures(db1!.snapshot)).toEqual(figures(original));
        expect(figures(web1!.snapshot)).toEqual(figures(reading('web1', second, 100)));
        // A few figures by name, as the panes read them.
        expect(db1!.snapshot.cpu.usage).toBe(original.cpu.usage);
        expect(db1!.snapshot.cpu.perCore).toEqual(original.cpu.perCore);
        expect(db1!.snapshot.memory).toEqual(original.memory);
        expect(db1!.snapshot.disks).toEqual(original.disks);
        expect(db1!.snapshot.network).toEqual(original.network);
        expect(db1!.snapshot.tcp).toEqual(original.tcp);
        expect(db1!.snapshot.filesystems.map((f) => [f.mount, f.used])).toEqual(original.filesystems.map((f) => [f.mount, f.used]));
        const busiest = [...original.processes].sort((a, b) => b.cpu - a.cpu).slice(0, TOP);
        expect(db1!.snapshot.processes.map((p) => [p.pid, p.command, p.cpu, p.rss])).toEqual(busiest.map((p) => [p.pid, p.command, p.cpu, p.rss]));
      }
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('shows a host down at T with the recorded reason and its last good reading; nothing recorded near T is missing', async () => {
    const { dir, writer } = await newStore();
    for (let s = 0; s < 60; s++) write(writer, reading('db1', s));
    for (let s = 60; s < 300; s++) write(writer, downSnapshot('db1', 'ssh: connect ECONNREFUSED 127.0.0.2:22', new Date(START + s * 1000)));
    writer.flush();
    const reader = await HistoryReader.open(dir);
    try {
      const down = hostAt(reader, 'db1', START + 75_000)!;
      expect(down.snapshot.status).toBe('down');
      expect(down.snapshot.error).toBe('ssh: connect ECONNREFUSED 127.0.0.2:22');
      expect(down.t).toBe(START + 75_000);
      expect(down.lastGood?.time).toBe(reading('db1', 59).time);
      expect(figures(down.lastGood!)).toEqual(figures(reading('db1', 59)));
      // Down for longer than the window: the last good reading is looked for further back.
      const long = hostAt(reader, 'db1', START + 290_000)!;
      expect(long.snapshot.status).toBe('down');
      expect(long.lastGood?.time).toBe(reading('db1', 59).time);
      expect(figures(long.lastGood!)).toEqual(figures(reading('db1', 59)));
      // Ten minutes after the last instant, with the default 2-minute window: nothing to show.
      const later = fleetAt(reader, START + 300_000 + 10 * MINUTE);
      expect(later.hosts).toEqual([]);
      expect(later.missing).toEqual(['db1']);
      expect(fleetAt(reader, START + 300_000 + 10 * MINUTE, { staleMs: 11 * MINUTE }).hosts[0]?.snapshot.status).toBe('down');
      // Before the first instant: nothing either.
      expect(hostAt(reader, 'db1', START - 1)).toBeNull();
      expect(fleetAt(reader, START + 1000, { hosts: ['db1', 'nosuch'] }).missing).toEqual(['nosuch']);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('takes the processes from the latest instant that has them when they are recorded at a coarser step', async () => {
    const { dir, writer } = await newStore();
    for (let s = 0; s < 30; s++) write(writer, reading('db1', s), s % 10 === 0 ? TOP : 0);
    writer.flush();
    const reader = await HistoryReader.open(dir);
    try {
      const host = hostAt(reader, 'db1', START + 25_000)!;
      expect(host.t).toBe(START + 25_000);
      expect(host.snapshot.cpu.usage).toBe(reading('db1', 25).cpu.usage);
      const atTwenty = [...reading('db1', 20).processes].sort((a, b) => b.cpu - a.cpu).slice(0, TOP);
      expect(host.snapshot.processes.map((p) => [p.pid, p.cpu])).toEqual(atTwenty.map((p) => [p.pid, p.cpu]));
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('past the full-resolution retention, gives the means of the minute at or before T from the 1-minute rollups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfmon-snapshot-at-'));
    dirs.push(dir);
    const writer = await HistoryWriter.open(dir, { retention: { maxAge: { raw: 15 * MINUTE } } });
    for (let s = 0; s < 40 * 60; s++) write(writer, reading('db1', s));
    writer.flush();
    const reader = await HistoryReader.open(dir);
    try {
      const at = START + 5 * MINUTE + 30_000;
      expect(reader.instants('db1', at - 60_000, at).times).toEqual([]); // raw deleted there
      const host = hostAt(reader, 'db1', at)!;
      const minute = Math.floor(at / MINUTE) * MINUTE;
      expect(host).toMatchObject({ tier: '1m', t: minute });
      expect(host.snapshot.status).toBe('up');
      const seconds = Array.from({ length: 60 }, (_, i) => (minute - START) / 1000 + i).filter((s) => s >= 0);
      const mean = (f: (r: HostSnapshot) => number) => seconds.reduce((n, s) => n + f(reading('db1', s)), 0) / seconds.length;
      expect(host.snapshot.cpu.usage).toBeCloseTo(mean((r) => r.cpu.usage), 6);
      expect(host.snapshot.memory.used).toBeCloseTo(mean((r) => r.memory.used), 0);
      // Where raw is still kept, the instant itself.
      expect(hostAt(reader, 'db1', START + 35 * MINUTE)!.tier).toBe('raw');
    } finally {
      reader.close();
      writer.close();
    }
  });
});
