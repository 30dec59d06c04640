import { levelOf, type Thresholds } from '../../src/analysis/thresholds.js';
import { fitWords, padStart } from '../../src/format/text.js';
import { formatBytes, formatPercent } from '../../src/format/units.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { gauge } from '../components/bar.js';
import { marked, style } from '../theme.js';

/** Memory (used = total − available, as `free` counts it) and swap: a gauge and the figures. */
export function memoryLines(s: HostSnapshot, width: number, rows: number, thresholds: Thresholds): string[] {
  const m = s.memory;
  const memPercent = m.total > 0 ? (m.used / m.total) * 100 : 0;
  const swapPercent = m.swapTotal > 0 ? (m.swapUsed / m.swapTotal) * 100 : 0;
  const gaugeWidth = Math.max(4, Math.min(30, width - 50));
  const memFacts = [`used ${formatBytes(m.used)} of ${formatBytes(m.total)}`, `avail ${formatBytes(m.available)}`, `cache ${formatBytes(m.cached)}`, `buf ${formatBytes(m.buffers)}`];
  const swapFacts = m.swapTotal > 0 ? [`used ${formatBytes(m.swapUsed)} of ${formatBytes(m.swapTotal)}`] : ['no swap'];
  const line = (label: string, percent: number, level: ReturnType<typeof levelOf>, facts: string[]) =>
    `${style.title(label)}${gauge(percent, gaugeWidth, level)} ${marked(padStart(formatPercent(percent), 4), level)}  ${fitWords(facts, width - 5 - gaugeWidth - 8).join('  ')}`;
  const lines = [line('MEM  ', memPercent, levelOf(memPercent, thresholds.memory), memFacts)];
  if (rows >= 2) lines.push(line('SWAP ', swapPercent, levelOf(swapPercent, thresholds.swap), swapFacts));
  return lines;
}
