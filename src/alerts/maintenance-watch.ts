/**
 * Maintenance as the recorder knows it: the inventory's windows, and the rolling restarts it
 * reads from the audit log that perfmon's procedures write (the file followed from its start, so
 * a run that began before the recorder did is known too).
 */
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import { AuditTail } from '../history/audit-tail.js';
import { maintenanceSpans, RestartWindows, type MaintenanceConfig, type MaintenanceSpan } from './maintenance.js';

/** The inventory's maintenance windows and each component's hosts (none without an inventory). */
export function maintenanceConfigOf(inventory: Inventory | null): MaintenanceConfig {
  const hosts = new Map<string, string[]>();
  for (const c of inventory?.components ?? []) hosts.set(c.name, componentHosts(inventory!, c).map((h) => h.name));
  return { windows: inventory?.alerts.maintenance ?? [], componentHosts: hosts };
}

/** What the alert runner asks: the spans on at a moment. */
export interface MaintenanceSource {
  activeAt(t: number): MaintenanceSpan[];
}

export class MaintenanceWatch implements MaintenanceSource {
  private readonly restarts = new RestartWindows();
  private readonly tail: AuditTail | null;

  constructor(
    private readonly config: MaintenanceConfig,
    auditLog: string | null,
    onProblem: (message: string) => void,
    everyMs = 1000,
  ) {
    this.tail =
      auditLog === null
        ? null
        : new AuditTail(auditLog, (line) => this.take(line), everyMs, (message) => onProblem(`maintenance: ${message}; rolling restarts are not known to be maintenance until it can be read`));
  }

  private take(line: string): void {
    try {
      const record: unknown = JSON.parse(line);
      if (typeof record === 'object' && record !== null && !Array.isArray(record)) this.restarts.take(record as Record<string, unknown>);
    } catch {
      // not an audit record: the recorder's history reports it
    }
  }

  activeAt(t: number): MaintenanceSpan[] {
    this.tail?.read(); // a run that just started is known before the reading it covers is judged
    this.restarts.prune(t - 86_400_000);
    return maintenanceSpans(this.config, this.restarts, t, t + 1, t);
  }

  stop(): void {
    this.tail?.stop();
  }
}
