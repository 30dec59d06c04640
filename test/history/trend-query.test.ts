import chalk from 'chalk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatByteRate, formatPercent } from '../../src/format/units.js';
import { HistoryReader, tierForStep } from '../../src/history/history-reader.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { groupTrend, hostTrend, peakOf, trendStep, trendWindow, TREND_RANGES } from '../../src/history/trend-query.js';
import { bandChart } from '../../views/trends/band-chart.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('Trends from history: columns of min–max–mean from the right tier', () => {
  let dir: string;
  let reader: HistoryReader;
  // Three hours, a reading every 10 s: cpu 0,10…50 within each minute (host b 20 higher), memory 25 % of 8 GiB,
  // disk reads on two devices; host b down for the middle hour.
  const start = Math.floor((Date.now() - 4 * HOUR) / HOUR) * HOUR;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perfmon-trends-'));
    const writer = await HistoryWriter.open(dir);
    for (let i = 0; i < 3 * 360; i++) {
      const t = start + i * 10_000;
      for (const host of ['a', 'b']) {
        if (host === 'b' && t >= start + HOUR && t < start + 2 * HOUR) continue;
        const cpu = (i % 6) * 10 + (host === 'b' ? 20 : 0);
        writer.append(host, t, [
          { key: { name: 'cpu_usage', labels: { host } }, v: cpu },
          { key: { name: 'memory_used_bytes', labels: { host } }, v: 2 * 2 ** 30 },
          { key: { name: 'memory_total_bytes', labels: { host } }, v: 8 * 2 ** 30 },
          { key: { name: 'disk_read_bytes_per_sec', labels: { host, device: 'vda' } }, v: 1000 },
          { key: { name: 'disk_read_bytes_per_sec', labels: { host, device: 'vdb' } }, v: 500 },
          { key: { name: 'net_rx_bytes_per_sec', labels: { host, iface: 'lo' } }, v: 9999 },
          { key: { name: 'net_rx_bytes_per_sec', labels: { host, iface: 'eth0' } }, v: 0 },
        ]);
      }
    }
    writer.close();
    reader = await HistoryReader.open(dir);
  });
  afterAll(() => {
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks a bucket width each range reads from one tier: raw for 10m and 1h, 1-minute rollups for 24h, 1-hour for 7d and 30d', () => {
    expect(TREND_RANGES.map((r) => tierForStep(trendStep(r.ms, 70)).name)).toEqual(['raw', 'raw', '1m', '1h', '1h']);
    expect(trendStep(24 * HOUR, 70) % MIN).toBe(0);
    const { from, to } = trendWindow(start + 3 * HOUR - 1, 10 * MIN, 18);
    expect([from, to]).toEqual([start, start + 3 * HOUR]);
  });

  it("a host's columns: each bucket's band and mean; memory as a percentage; sums over devices without loopback; a gap where it was down", () => {
    const step = 10 * MIN; // the 1-minute tier
    const to = start + 3 * HOUR;
    const cpu = hostTrend(reader, 'a', 'cpu', start, to, step);
    expect(cpu).toHaveLength(18);
    expect(cpu.every((c) => c.min === 0 && c.max === 50 && c.mean === 25)).toBe(true);
    expect(hostTrend(reader, 'a', 'memory', start, to, step).every((c) => c.mean === 25 && c.max === 25)).toBe(true);
    expect(hostTrend(reader, 'a', 'diskRead', start, to, step)[0]).toMatchObject({ min: 1500, max: 1500, mean: 1500 });
    expect(hostTrend(reader, 'a', 'netRx', start, to, step)[0]).toMatchObject({ mean: 0 });
    const b = hostTrend(reader, 'b', 'cpu', start, to, step);
    expect(b.slice(6, 12).every((c) => Number.isNaN(c.mean))).toBe(true);
    expect(b[0]).toMatchObject({ min: 20, max: 70, mean: 45 });
    // Raw: 1-minute buckets of the same readings.
    expect(hostTrend(reader, 'a', 'cpu', start, start + 10 * MIN, 10_000).map((c) => c.mean).slice(0, 6)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('a group: the band over every host, the mean of the means, the worst host; one host alone where the other was down', () => {
    const step = 10 * MIN;
    const to = start + 3 * HOUR;
    const group = groupTrend(['a', 'b'].map((h) => hostTrend(reader, h, 'cpu', start, to, step)));
    expect(group.columns[0]).toMatchObject({ min: 0, max: 70, mean: 35 });
    expect(group.worst[0]).toBe(45);
    expect(group.columns[7]).toMatchObject({ min: 0, max: 50, mean: 25 });
    expect(group.worst[7]).toBe(25);
    expect(peakOf(group.columns)?.t).toBe(start);
  });

  it('draws the band (░) and mean (●) per column, a gap empty, labels never cut, the time axis with its span and ^ at the peak', () => {
    const level = chalk.level;
    chalk.level = 0;
    try {
      const columns = hostTrend(reader, 'b', 'cpu', start, start + 3 * HOUR, 10 * MIN);
      const rows = bandChart({ columns, color: 'green', width: 40, height: 12, format: formatPercent, max: 100, time: (t) => new Date(t).toISOString().slice(11, 16), span: '3h' });
      expect(rows).toHaveLength(12);
      const plot = rows.slice(0, 11).map((r) => r.slice(r.indexOf('┤') + 1));
      const column = (x: number) => plot.map((r) => r[x] ?? ' ').join('');
      expect(column(0).trim()).toMatch(/^░+●░+$/);
      expect(column(7).trim()).toBe(''); // down then
      expect(rows.slice(0, 11).map((r) => r.slice(0, r.indexOf(' ┤')).trim()).filter(Boolean)).toEqual(['100%', '50%', '0%']);
      const axis = rows[11]!;
      expect(axis).toContain(` 3h `);
      expect(axis).toContain(new Date(start).toISOString().slice(11, 16));
      // All zero: labelled 0 once, not 0B/s 0B/s …; a wide figure keeps its whole label.
      const zero = bandChart({ columns: columns.map((c) => ({ ...c, min: 0, max: 0, mean: 0 })), color: 'green', width: 40, height: 6, format: formatByteRate, time: () => '', span: '3h' });
      expect(zero.slice(0, 5).map((r) => r.slice(0, r.indexOf(' ┤')).trim()).filter(Boolean)).toEqual(['0B/s']);
      const wide = bandChart({ columns: columns.map((c, i) => ({ ...c, min: 7e8, max: i === 14 ? 7.193e8 : 7.1e8, mean: 7.05e8 })), color: 'green', width: 40, height: 6, format: formatByteRate, time: () => '', span: '3h' });
      expect(wide[0]!.startsWith(`${formatByteRate(7.193e8)} ┤`)).toBe(true);
      const wideAxis = wide[5]!;
      expect(wideAxis.slice(wideAxis.indexOf("└") + 1)[14]).toBe('^');
    } finally {
      chalk.level = level;
    }
  });
});
