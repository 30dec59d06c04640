import { DEFAULT_THRESHOLDS, type Thresholds } from '../src/analysis/thresholds.js';
import type { HostSnapshot } from '../src/model/host-snapshot.js';
import type { HostJvmsReading } from '../src/model/platform-state.js';
import { MetricStore } from '../src/model/store.js';
import { fitColumns, headerLine, rowLine } from './components/table.js';
import { fleetColumns } from './fleet/fleet-table.js';
import { downReason } from './components/down-summary.js';
import { fleetRows, sortFleetRows } from './fleet/fleet-rows.js';
import { overviewLines } from './overview/overview-lines.js';
import { processColumns } from './processes/process-table.js';
import { processRows } from './processes/process-rows.js';
import { style } from './theme.js';

const TOP = 10;

/**
 * `perfmon snapshot` without --json. One host: its overview and busiest processes. Several:
 * the fleet table (worst first), a down host's reason in place of its figures.
 */
export function snapshotText(hosts: readonly HostSnapshot[], width: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): string {
  return `${(hosts.length === 1 ? hostText(hosts[0]!, width, thresholds) : fleetText(hosts, width, thresholds)).join('\n')}\n`;
}

function hostText(host: HostSnapshot, width: number, thresholds: Thresholds): string[] {
  const title = style.bold(`${host.name}  ${host.status.toUpperCase()}  ${host.time}`);
  if (host.status === 'down') return [title, style.bad(`  ${host.error ?? 'unreachable'}`)];
  const columns = fitColumns(processColumns('cpu', false, thresholds), width);
  return [
    title,
    ...overviewLines(host, width, Number.MAX_SAFE_INTEGER, thresholds, true, jvmsNotRead(host)),
    style.title(headerLine(columns)),
    ...processRows(host.processes, 'cpu', false, '').slice(0, TOP).map((p) => rowLine(columns, p)),
  ];
}

/** A snapshot reads no JVM (that takes an attach per JVM): the JVM lines say so instead of waiting. */
function jvmsNotRead(host: HostSnapshot): HostJvmsReading {
  return { host: host.name, error: 'no heap/GC in a snapshot (Dumps pane)', jvms: [], time: Date.parse(host.time) };
}

function fleetText(hosts: readonly HostSnapshot[], width: number, thresholds: Thresholds): string[] {
  // The fleet pane's own rows and columns, fed from a store holding just these readings.
  const store = new MetricStore();
  for (const h of hosts) {
    if (h.status === 'up') store.record(h);
    else store.markDown(h.name, h.error ?? 'unreachable');
  }
  const columns = fitColumns(fleetColumns('worst', false, thresholds, 0).filter((c) => c.width > 0), width);
  const rows = sortFleetRows(fleetRows(store.getState().hosts, null, thresholds), 'worst', false);
  const up = hosts.filter((h) => h.status === 'up').length;
  return [
    style.bold(`${hosts.length} hosts: ${up} up, ${hosts.length - up} down`),
    style.title(headerLine(columns)),
    // A snapshot knows no down time nor retry: only why.
    ...rows.map((row) => (row.host.status === 'down' ? `${rowLine(columns.slice(0, 2), row)} ${style.bad(`DOWN · ${downReason(row.host.error)}`)}` : rowLine(columns, row))),
  ];
}
