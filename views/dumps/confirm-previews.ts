/**
 * What the confirmation of a heap dump or a class histogram shows before the JVM is touched:
 * the JVM, the sizes and free space (from the engine's plan), where the files go, and the
 * pause the JVM goes through. Pure.
 */
import { heapDumpArgs } from '../../src/diagnostics/capture/heap-dump-command.js';
import type { HeapDumpPlan } from '../../src/diagnostics/capture/heap-dump-capture.js';
import { planLines } from '../../src/diagnostics/capture/progress-text.js';
import { formatBytes } from '../../src/format/units.js';
import type { JvmRef } from './capture-entries.js';

export function heapPreview(plan: HeapDumpPlan, mainClass: string | null): string[] {
  const fits = plan.freeBytes >= plan.heapUsed ? 'enough' : 'maybe not enough';
  const as = plan.runAs === null ? '' : ` (through sudo -n -u ${plan.runAs})`;
  return [
    // The pause is said last, on its own.
    ...planLines(plan, mainClass).filter((line) => line !== plan.pauseWarning),
    `Free space in ${plan.dumpDir}: ${formatBytes(plan.freeBytes)} for at most ${formatBytes(plan.heapUsed)} of heap in use: ${fits} (gzip usually shrinks it)`,
    `Runs: jcmd ${heapDumpArgs(plan.pid, plan.live, true, plan.remotePath).join(' ')}${as}`,
    'Then: SFTP fetch with its size and SHA-256 checked against the remote file, which is removed only after that.',
    '',
    `PAUSE: ${plan.pauseWarning}`,
  ];
}

export function histogramPreview(jvm: JvmRef): string[] {
  const heap = jvm.heapUsed ? `its ${formatBytes(jvm.heapUsed)} of heap in use` : 'its heap';
  return [
    `JVM ${jvm.pid} on ${jvm.host}${jvm.mainClass ? ` (${jvm.mainClass})` : ''}: jcmd ${jvm.pid} GC.class_histogram`,
    'The classes holding the most heap, saved in the dumps folder; a second histogram of the same JVM shows which classes grew.',
    '',
    `PAUSE: the JVM runs a full GC first (live objects only) and stays stopped while it counts ${heap}.`,
  ];
}
