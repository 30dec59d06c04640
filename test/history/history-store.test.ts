import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { DAY, MINUTE } from '../../src/history/store-layout.js';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-history-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** 30 minutes of one host at 1 s, starting 2 days ago on a window boundary; cpu = seconds % 100. */
const START = Math.floor((Date.now() - 2 * DAY) / (10 * MINUTE)) * 10 * MINUTE;
function record(writer: HistoryWriter, seconds: number, offset = 0) {
  for (let s = offset; s < offset + seconds; s++) {
    writer.append('db1', START + s * 1000, [
      { key: { name: 'cpu_usage', labels: { host: 'db1' } }, v: s % 100 },
      { key: { name: 'load1', labels: { host: 'db1' } }, v: 1.5 },
    ]);
  }
}

describe('history store', () => {
  it('stores, rolls up and answers queries from the tier the step asks for, with gaps as gaps', async () => {
    const dir = newDir();
    const writer = await HistoryWriter.open(dir);
    record(writer, 30 * 60);
    record(writer, 5 * 60, 40 * 60); // a 10-minute outage between
    writer.flush();
    const reader = await HistoryReader.open(dir);
    const cpu = { name: 'cpu_usage', labels: { host: 'db1' } };
    const [raw] = reader.query(cpu, START, START + 60 * MINUTE, 10_000);
    expect(raw!.tier).toBe('raw');
    expect(raw!.buckets).toHaveLength(180 + 30);
    expect(raw!.buckets[0]).toEqual({ t: START, min: 0, max: 9, mean: 4.5, count: 10 });
    const [minute] = reader.query(cpu, START, START + 60 * MINUTE, MINUTE);
    expect(minute!.tier).toBe('1m');
    expect(minute!.buckets.map((b) => b.count)).toEqual(new Array(35).fill(60));
    expect(minute!.buckets.some((b) => b.t >= START + 30 * MINUTE && b.t < START + 40 * MINUTE)).toBe(false);
    const [hour] = reader.query(cpu, START - DAY, START + DAY, 60 * MINUTE);
    expect(hour!.tier).toBe('1h');
    expect(hour!.buckets.reduce((n, b) => n + b.count, 0)).toBe(35 * 60);
    const stats = reader.stats();
    expect(stats.seriesKnown).toBe(2);
    expect(stats.tiers.find((t) => t.tier === 'raw')!.oldest).toBe(START);
    reader.close();
    writer.close();
  });

  it('refuses a second writer naming the pid, and takes over the lock of a dead one', async () => {
    const dir = newDir();
    const writer = await HistoryWriter.open(dir);
    await expect(HistoryWriter.open(dir)).rejects.toThrow(new RegExp(`being written by process ${process.pid}.*writer\\.lock`));
    writer.close();
    writeFileSync(join(dir, 'writer.lock'), '999999999\n');
    (await HistoryWriter.open(dir)).close();
  });

  it('names the path of a missing or corrupt store', async () => {
    const dir = newDir();
    await expect(HistoryReader.open(join(dir, 'nowhere'))).rejects.toThrow(/no history store at .*nowhere/);
    writeFileSync(join(dir, 'data.mdb'), 'this is not an LMDB file at all, just text'.repeat(200));
    await expect(HistoryReader.open(dir)).rejects.toThrow(new RegExp(`${dir}.*data\\.mdb`));
  });

  it('refuses a clock that steps back without touching stored data', async () => {
    const dir = newDir();
    const problems: string[] = [];
    const writer = await HistoryWriter.open(dir, { onProblem: (m) => problems.push(m) });
    record(writer, 60);
    record(writer, 10, 30);
    writer.flush();
    expect(problems.join('\n')).toMatch(/db1: the clock stepped back/);
    const reader = await HistoryReader.open(dir);
    const [cpu] = reader.query({ name: 'cpu_usage' }, START, START + MINUTE, MINUTE);
    expect(cpu!.buckets).toEqual([{ t: START, min: 0, max: 59, mean: 29.5, count: 60 }]);
    reader.close();
    writer.close();
  });

  it('retention deletes the oldest raw windows past the age limit', async () => {
    const dir = newDir();
    const writer = await HistoryWriter.open(dir, { retention: { maxAge: { raw: 20 * MINUTE } } });
    record(writer, 45 * 60);
    writer.flush();
    const reader = await HistoryReader.open(dir);
    const [raw] = reader.query({ name: 'cpu_usage' }, START, START + 60 * MINUTE, 10_000);
    expect(raw!.buckets[0]!.t).toBeGreaterThanOrEqual(START + 10 * MINUTE);
    const [minute] = reader.query({ name: 'cpu_usage' }, START, START + 60 * MINUTE, MINUTE);
    expect(minute!.buckets[0]!.t).toBe(START);
    reader.close();
    writer.close();
  });

  it('retention by size deletes the oldest, full resolution first, until the store fits', async () => {
    const total = (reader: HistoryReader) => reader.stats().tiers.reduce((n, t) => n + t.bytes, 0);
    const unlimitedDir = newDir();
    const unlimited = await HistoryWriter.open(unlimitedDir);
    record(unlimited, 65 * 60);
    unlimited.close();
    const full = await HistoryReader.open(unlimitedDir);
    const fullBytes = total(full);
    const fullRaw = full.stats().tiers.find((t) => t.tier === 'raw')!;
    full.close();
    expect(fullRaw.oldest).toBe(START);

    const dir = newDir();
    const maxBytes = Math.floor(fullBytes * 0.6);
    const writer = await HistoryWriter.open(dir, { retention: { maxBytes } });
    record(writer, 65 * 60);
    writer.close();
    const reader = await HistoryReader.open(dir);
    const stats = reader.stats();
    expect(total(reader)).toBeLessThanOrEqual(maxBytes);
    const raw = stats.tiers.find((t) => t.tier === 'raw')!;
    // The oldest raw windows went, the newest stayed; the rollups still cover the whole stretch.
    expect(raw.oldest).toBeGreaterThanOrEqual(START + 10 * MINUTE);
    expect(raw.newest).toBe(fullRaw.newest);
    expect(stats.tiers.find((t) => t.tier === '1m')!.oldest).toBe(START);
    const [minute] = reader.query({ name: 'cpu_usage' }, START, START + 60 * MINUTE, MINUTE);
    expect(minute!.buckets).toHaveLength(60);
    const [recent] = reader.query({ name: 'cpu_usage' }, START + 50 * MINUTE, START + 60 * MINUTE, 1000);
    expect(recent!.buckets).toHaveLength(600);
    reader.close();
  });

  it('keeps events as long as the 1-hour tier, each id once', async () => {
    const dir = newDir();
    const writer = await HistoryWriter.open(dir, { retention: { maxAge: { '1h': DAY } } });
    writer.appendEvent(START - 2 * DAY, 'old', { event: 'note', what: 'long ago' });
    writer.appendEvent(START, 'recent', { event: 'note', what: 'recent' });
    writer.appendEvent(START, 'recent', { event: 'note', what: 'recent' });
    record(writer, 25 * 60); // closing windows applies the retention
    writer.close();
    const reader = await HistoryReader.open(dir);
    expect(reader.events(0, Date.now()).map((e) => [e.t, e.id, e.event['what']])).toEqual([[START, 'recent', 'recent']]);
    reader.close();
  });
});
