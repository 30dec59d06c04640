import asciichart from 'asciichart';
import { describe, expect, it } from 'vitest';
import { plotLines } from '../../views/components/line-plot.js';

describe('plotLines', () => {
  it("draws gap-free series exactly as asciichart does (charts look as they always did)", () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let run = 0; run < 200; run += 1) {
      const length = 2 + Math.floor(random() * 60);
      const max = random() < 0.5 ? 100 : 1 + random() * 1000;
      const series = Array.from({ length: 1 + Math.floor(random() * 2) }, () => Array.from({ length }, () => random() * max));
      const options = { height: 1 + Math.floor(random() * 12), min: 0, max, format: (v: number) => v.toFixed(1).padStart(7), colors: [asciichart.green, asciichart.magenta] };
      expect(plotLines(series, options), `run ${run}`).toBe(asciichart.plot(series, options));
    }
  });

  it('leaves a gap empty: the line ends ╴ before it and goes on after it, nothing joins the two sides', () => {
    const rows = plotLines([[10, 10, Number.NaN, Number.NaN, 90, 90]], { height: 4, min: 0, max: 100, format: (v) => v.toFixed(0).padStart(3), colors: [] });
    const plot = rows.split('\n').map((row) => row.slice(row.search(/[┤┼]/) + 1));
    const column = (x: number) => plot.map((row) => row[x] ?? ' ').join('');
    expect(column(0).trim()).toBe('─');
    expect(column(1).trim()).toBe('╴');
    expect(column(2).trim()).toBe('');
    expect(column(3).trim()).toBe('');
    expect(column(4).trim()).toBe('─');
    expect(rows).not.toMatch(/[╭╮╯╰│]/);
  });

  it('keeps a value past the range on the edge instead of failing', () => {
    const rows = plotLines([[50, 150, -20]], { height: 4, min: 0, max: 100, format: (v) => v.toFixed(0).padStart(3), colors: [] }).split('\n');
    expect(rows).toHaveLength(5);
  });
});
