import { stripVTControlCharacters } from 'node:util';
import type { Thresholds } from '../../src/analysis/thresholds.js';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { allocateRows, type SectionNeed } from '../layout/allocate-rows.js';
import type { HostJvmsReading } from '../../src/model/platform-state.js';
import { coreRows, cpuLines } from './cpu-section.js';
import { jvmLines, jvmNeed } from './jvm-section.js';
import { memoryLines } from './memory-section.js';
import { diskLines, filesystemLines, networkLines, processLines, tcpLine } from './tables.js';

/** From this width the overview has two columns: CPU and memory left, the tables right. */
export const TWO_COLUMNS_FROM = 160;

/**
 * The whole overview as lines for a `width` × `height` area. Sections share the rows by
 * priority (CPU and memory first, the tables next, the per-core detail last), so an 80×24
 * terminal shows every section in brief and a large one shows everything.
 */
export function overviewLines(s: HostSnapshot, width: number, height: number, thresholds: Thresholds, detailed: boolean, jvms?: HostJvmsReading): string[] {
  if (width < TWO_COLUMNS_FROM) {
    const lines = cpuAndMemory(s, width, height, thresholds, detailed, tableNeeds(s), jvms).slice(0, height);
    return withProcesses(lines, s, width, height, thresholds);
  }
  const leftWidth = Math.floor((width - 2) / 2);
  const left = cpuAndMemory(s, leftWidth, height, thresholds, detailed, [], jvms);
  const right = tables(s, width - leftWidth - 2, thresholds, allocateRows(tableNeeds(s), height));
  const columns = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const l = left[i] ?? '';
    return `${l}${' '.repeat(Math.max(0, leftWidth - stripVTControlCharacters(l).length))}  ${right[i] ?? ''}`;
  }).slice(0, height);
  return withProcesses(columns, s, width, height, thresholds);
}

/** The rows the sections leave go to the busiest processes, across the whole width (a big terminal is used, not left blank). */
function withProcesses(lines: string[], s: HostSnapshot, width: number, height: number, thresholds: Thresholds): string[] {
  const left = height - lines.length - 1;
  const processes = processLines(s, width, left, thresholds);
  return processes.length === 0 ? lines : [...lines, ' ', ...processes];
}

function tableNeeds(s: HostSnapshot): SectionNeed[] {
  return [
    { id: 'filesystems', min: 2, want: 1 + s.filesystems.length, priority: 3 },
    { id: 'network', min: 2, want: 1 + s.network.length, priority: 3 },
    { id: 'disks', min: 2, want: 1 + s.disks.length, priority: 3 },
  ];
}

/** CPU, cores, memory, JVMs, TCP; and the tables too when `withTables` lists them (one column). */
function cpuAndMemory(s: HostSnapshot, width: number, height: number, thresholds: Thresholds, detailed: boolean, withTables: SectionNeed[], jvms: HostJvmsReading | undefined): string[] {
  const cores = coreRows(s.cpu.perCore.length, width);
  const richest = detailed && Number.isFinite(cores.rows) ? cores.rows : cores.grid;
  const rows = allocateRows(
    [
      { id: 'cpu', min: 1, want: 2, priority: 0 },
      { id: 'memory', min: 1, want: 2, priority: 1 },
      // Every core at least as a one-character column; richer layouts only with rows to spare.
      { id: 'cores', min: cores.strip, want: cores.strip, priority: 2 },
      { id: 'tcp', min: 1, want: 1, priority: 2 },
      ...jvmNeed(s, jvms),
      ...withTables,
      { id: 'core-detail', min: 0, want: richest - cores.strip, priority: 7 },
    ],
    height,
  );
  const get = (id: string) => rows.get(id) ?? 0;
  const coreRowsAvailable = get('cpu') >= 2 ? get('cores') + get('core-detail') : 0;
  return [
    ...cpuLines(s, width, get('cpu'), coreRowsAvailable, thresholds, detailed),
    ...memoryLines(s, width, get('memory'), thresholds),
    ...jvmLines(s, jvms, width, get('jvm'), thresholds),
    ...(withTables.length > 0 ? tables(s, width, thresholds, rows) : []),
    ...(get('tcp') > 0 ? [tcpLine(s, width)] : []),
  ];
}

function tables(s: HostSnapshot, width: number, thresholds: Thresholds, rows: Map<string, number>): string[] {
  const get = (id: string) => rows.get(id) ?? 0;
  return [...filesystemLines(s, width, get('filesystems'), thresholds), ...diskLines(s, width, get('disks'), thresholds), ...networkLines(s, width, get('network'))];
}
