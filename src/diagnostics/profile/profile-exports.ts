/**
 * A profile's flame graph written out for other tools: folded stacks (flamegraph.pl,
 * speedscope, …) and a self-contained SVG. Which tree: the CPU samples (`cpu`, samples) or
 * the allocation samples (`alloc`, bytes; the allocated class is the top frame).
 */
import { basename } from 'node:path';
import { writeFileDurable } from '../../procedures/durable-file.js';
import type { ProfileAnalysis } from './analyze-profile.js';
import { flameSvg, foldedStacks } from './flame-graph.js';

export type FlameKind = 'cpu' | 'alloc';

export interface ExportRequest {
  folded?: string | undefined;
  svg?: string | undefined;
  flame?: FlameKind | undefined;
}

export function flameOf(analysis: ProfileAnalysis, kind: FlameKind = 'cpu') {
  return kind === 'cpu' ? analysis.cpuFlame : analysis.allocationFlame;
}

/** Writes what was asked for; returns the files written, in the order asked. */
export async function writeProfileExports(analysis: ProfileAnalysis, request: ExportRequest): Promise<string[]> {
  const kind = request.flame ?? 'cpu';
  const tree = flameOf(analysis, kind);
  const written: string[] = [];
  if (request.folded) {
    await writeFileDurable(request.folded, foldedStacks(tree), 0o644);
    written.push(request.folded);
  }
  if (request.svg) {
    const what = kind === 'cpu' ? `CPU, ${analysis.cpu.samples} samples` : `allocation, ${analysis.allocation.samples} samples`;
    await writeFileDurable(request.svg, flameSvg(tree, { title: `${basename(analysis.source)}: ${what}`, unit: kind === 'cpu' ? 'samples' : 'bytes' }), 0o644);
    written.push(request.svg);
  }
  return written;
}
