import chalk from 'chalk';
import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { formatDuration, formatPercent } from '../../src/format/units.js';
import { padEnd, padStart, fitWords } from '../../src/format/text.js';
import type { CpuTimes, HostSnapshot } from '../../src/model/host-snapshot.js';
import { stackedGauge, type BarSegment } from '../components/bar.js';
import { colorFor, marked, style } from '../theme.js';

/**
 * The bar is the figure beside it: busy time, user █ + system ▓ + steal ░, told apart by glyph
 * as well as by colour. iowait is idle time spent waiting for a disk, not CPU work: it is in
 * neither (a bar drawn with it ran full beside `▲ 73%`), and the breakdown shows it.
 */
function segments(t: CpuTimes): BarSegment[] {
  return [
    { percent: t.user, glyph: '█', color: chalk.green },
    { percent: t.system, glyph: '▓', color: chalk.red },
    { percent: t.steal, glyph: '░', color: chalk.yellow },
  ];
}

// A function, not a constant: colour may be switched off after this module loads.
const legend = () => `busy: ${chalk.green('█')}usr ${chalk.red('▓')}sys ${chalk.yellow('░')}st`;
const LEGEND_WIDTH = 19;

function breakdown(t: CpuTimes): string {
  const n = (v: number) => padStart(v.toFixed(v < 10 ? 1 : 0), 4);
  return `usr${n(t.user)} sys${n(t.system)} iow${n(t.iowait)} st${n(t.steal)}`;
}

export type CoreLayout = 'rows' | 'grid' | 'strip';

const GRID_CELL = 15; // "12 ████···· 99%" + a space
const ROW_MIN_WIDTH = 60;

/** How many rows each way of drawing the cores takes at `width`. */
export function coreRows(cores: number, width: number): Record<CoreLayout, number> {
  const perGridRow = Math.max(1, Math.floor(width / GRID_CELL));
  const perStripRow = Math.max(1, width - 6);
  return {
    rows: width >= ROW_MIN_WIDTH ? cores : Number.POSITIVE_INFINITY,
    grid: Math.ceil(cores / perGridRow),
    strip: Math.ceil(cores / perStripRow),
  };
}

/** The richest core layout that fits in `rows` rows (null: no room for cores at all). */
export function chooseCoreLayout(cores: number, width: number, rows: number, detailed: boolean): CoreLayout | null {
  const need = coreRows(cores, width);
  const order: CoreLayout[] = detailed ? ['rows', 'grid', 'strip'] : ['grid', 'strip'];
  return order.find((layout) => need[layout] <= rows) ?? null;
}

/**
 * CPU total with its breakdown (`rows` ≥ 1), load and uptime (≥ 2), then the cores in the
 * richest layout that fits in `coreRowsAvailable`.
 */
export function cpuLines(s: HostSnapshot, width: number, rows: number, coreRowsAvailable: number, thresholds: Thresholds, detailed: boolean): string[] {
  const level = levelOf(s.cpu.usage, thresholds.cpu);
  const label = style.title('CPU  ');
  const tail = `${marked(padStart(formatPercent(s.cpu.usage), 4), level)}  ${breakdown(s.cpu)}`;
  const gaugeWidth = Math.max(4, Math.min(30, width - 5 - 1 - 5 - 2 - 31));
  const lines = [`${label}${stackedGauge(segments(s.cpu), gaugeWidth)} ${tail}`];
  if (rows < 2) return lines;

  const perCore = s.load[0] / Math.max(1, s.cpu.cores);
  const loadLevel = levelOf(perCore, thresholds.loadPerCore);
  const loadText = `load ${s.load.map((l) => l.toFixed(2)).join(' ')}`;
  const facts = [loadText, `${s.cpu.cores} cores`, `up ${formatDuration(s.uptime)}`];
  const words = fitWords(facts, width - 5 - (width >= 80 ? LEGEND_WIDTH + 2 : 0), '  ').map((w) => (w === loadText ? colorFor(loadLevel)(w) : w));
  lines.push(`     ${words.join('  ')}${width >= 80 ? `  ${legend()}` : ''}`);

  const layout = chooseCoreLayout(s.cpu.perCore.length, width, coreRowsAvailable, detailed);
  if (layout === 'rows') lines.push(...coreBreakdownRows(s, width, thresholds));
  if (layout === 'grid') lines.push(...coreGrid(s, width, thresholds));
  if (layout === 'strip') lines.push(...coreStrip(s, width, thresholds));
  return lines;
}

function coreBreakdownRows(s: HostSnapshot, width: number, thresholds: Thresholds): string[] {
  const gaugeWidth = Math.max(4, Math.min(30, width - 6 - 1 - 5 - 2 - 31));
  return s.cpu.perCore.map((core, i) => {
    const level = levelOf(core.usage, thresholds.cpu);
    return `${padStart(`${i}`, 5)} ${stackedGauge(segments(core), gaugeWidth)} ${marked(padStart(formatPercent(core.usage), 4), level)}  ${style.dim(breakdown(core))}`;
  });
}

function coreGrid(s: HostSnapshot, width: number, thresholds: Thresholds): string[] {
  const perRow = Math.max(1, Math.floor(width / GRID_CELL));
  const cells = s.cpu.perCore.map((core, i) => {
    const level = levelOf(core.usage, thresholds.cpu);
    return `${padStart(`${i}`, 2)} ${stackedGauge(segments(core), 5)} ${marked(padStart(formatPercent(core.usage), 4), level)} `;
  });
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += perRow) lines.push(cells.slice(i, i + perRow).join(''));
  return lines;
}

const HEIGHTS = ' ▁▂▃▄▅▆▇█';

/** One column per core, its height the core's load: the shape of 128 cores in two rows. */
function coreStrip(s: HostSnapshot, width: number, thresholds: Thresholds): string[] {
  const perRow = Math.max(1, width - 6);
  const glyphs = s.cpu.perCore.map((core) => {
    const glyph = HEIGHTS[Math.min(8, Math.ceil((core.usage / 100) * 8))] ?? ' ';
    return colorFor(levelOf(core.usage, thresholds.cpu))(glyph === ' ' ? '▁' : glyph);
  });
  const lines: string[] = [];
  for (let i = 0; i < glyphs.length; i += perRow) {
    lines.push(`${padEnd(i === 0 ? 'cores' : '', 6)}${glyphs.slice(i, i + perRow).join('')}`);
  }
  return lines;
}
