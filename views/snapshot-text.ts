import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds.js';
import type { HostSnapshot } from '../src/model/host-snapshot.js';
import { fitColumns, headerLine, rowLine } from './components/table.js';
import { overviewLines } from './overview/overview-lines.js';
import { processColumns } from './processes/process-table.js';
import { processRows } from './processes/process-rows.js';
import { style } from './theme.js';

const TOP = 10;

/** `perfmon snapshot` without --json: the overview of each host and its busiest processes. */
export function snapshotText(hosts: readonly HostSnapshot[], width: number): string {
  const out: string[] = [];
  for (const host of hosts) {
    out.push(style.bold(`${host.name}  ${host.status.toUpperCase()}  ${host.time}`));
    if (host.status === 'down') {
      out.push(style.bad(`  ${host.error ?? 'unreachable'}`), '');
      continue;
    }
    out.push(...overviewLines(host, width, Number.MAX_SAFE_INTEGER, DEFAULT_THRESHOLDS, true));
    const columns = fitColumns(processColumns('cpu', false, DEFAULT_THRESHOLDS), width);
    out.push(style.title(headerLine(columns)), ...processRows(host.processes, 'cpu', false, '').slice(0, TOP).map((p) => rowLine(columns, p)), '');
  }
  return `${out.join('\n')}\n`;
}
