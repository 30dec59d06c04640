import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetricStore } from '../../src/model/store.js';
import { lineChart } from '../../views/components/chart.js';
import { sparkline } from '../../views/components/sparkline.js';
import { TRENDS, trendLines } from '../../views/trends/trend-charts.js';
import { capturedSnapshot } from './render-app.js';

/** The plot columns (right of the axis) of chart rows, as one string per row. */
const plotArea = (rows: string[]) => rows.map((r) => r.slice(r.search(/[┤┼]/) + 1));

describe('Trends charts leave a gap where the host was down', () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 0;
  });
  afterEach(() => {
    chalk.level = level;
  });

  it('draws no line across the outage: the line ends ╴ before it, its column stays empty, the line goes on after it', () => {
    const store = new MetricStore();
    const snap = capturedSnapshot();
    const cpu = (usage: number, second: number) => ({ ...snap, time: new Date(Date.UTC(2026, 11, 3, 10, 0, second)).toISOString(), cpu: { ...snap.cpu, usage } });
    store.record(cpu(20, 0));
    store.record(cpu(20, 1));
    store.record(cpu(20, 2));
    store.markDown(snap.name, 'refused: connection refused');
    store.record(cpu(80, 30));
    store.record(cpu(80, 31));
    const host = store.find(snap.name)!;
    const [title, ...chart] = trendLines(TRENDS[0]!, host, 40, 12, false);
    const plot = plotArea(chart);
    // Samples 20 20 20 | gap | 80 80: columns 0–1 flat, 2 ends, 3 (the gap) empty, 4 flat at 80.
    const column = (x: number) => plot.map((row) => row[x] ?? ' ').join('');
    expect(column(2).trim()).toBe('╴');
    expect(column(3).trim()).toBe('');
    expect(column(4).trim()).toBe('─');
    expect(column(4).indexOf('─')).toBeLessThan(column(1).indexOf('─'));
    expect(plot.join('\n')).not.toMatch(/[╭╯╮╰│]/);
    // Figures ignore the gap: now is the newest reading, min the lowest real one.
    expect(title).toContain('now 80%');
    expect(title).toContain('min 20%');
  });

  it('without the gap the same readings are joined by a rising line (the test can tell)', () => {
    const rows = plotArea(lineChart({ series: [{ values: [20, 20, 20, 80, 80], color: 'green' }], width: 40, height: 11, format: (v) => v.toFixed(0).padStart(7) }));
    expect(rows.join('\n')).toMatch(/╭/);
    expect(rows.join('\n')).toMatch(/╯/);
  });

  it("the fleet's sparkline shows a gap as a space", () => {
    expect(sparkline([0, 100, Number.NaN, 100], 4, 100)).toBe('▁█ █');
  });
});
