/**
 * Progress lines of `perfmon dump`: plain text, one line per step; on a terminal the
 * transfer line is redrawn in place (`\r`), elsewhere it is printed at each quarter. Pure.
 */
import { formatByteRate, formatBytes, formatDuration } from '../../format/units.js';
import type { HeapDumpPlan } from './heap-dump-capture.js';
import type { FetchProgress } from './sftp-fetch.js';

export function fetchLine(p: FetchProgress): string {
  const percent = p.total === 0 ? 100 : Math.floor((p.bytes / p.total) * 100);
  const eta = p.etaSeconds === null ? '—' : formatDuration(Math.ceil(p.etaSeconds));
  const resumed = p.resumedFrom > 0 ? ` (resumed at ${formatBytes(p.resumedFrom)})` : '';
  return `fetching ${formatBytes(p.bytes)} / ${formatBytes(p.total)}  ${percent}%  ${formatByteRate(p.bytesPerSecond)}  ETA ${eta}${resumed}`;
}

/** The quarter (0–4) a transfer has reached: non-terminals get a line when it changes. */
export function fetchQuarter(p: FetchProgress): number {
  return p.total === 0 ? 4 : Math.floor((p.bytes / p.total) * 4);
}

export function planLines(plan: HeapDumpPlan, mainClass: string | null): string[] {
  const max = plan.heapMax === null ? '' : `, max ${formatBytes(plan.heapMax)}`;
  const who = plan.runAs === null ? plan.owner : `${plan.owner}, through sudo -u ${plan.runAs}`;
  return [
    `JVM ${plan.pid} on ${plan.host}${mainClass ? ` (${mainClass})` : ''}, user ${who}: heap ${formatBytes(plan.heapUsed)} used of ${formatBytes(plan.heapCommitted)} committed${max}`,
    `Dump to ${plan.host}:${plan.remotePath} (${formatBytes(plan.freeBytes)} free there), then fetch to ${plan.localPath}`,
    plan.pauseWarning,
  ];
}
