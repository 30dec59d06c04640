/**
 * One component's application metrics and SLOs together: the mappings for its role (built-in,
 * then the inventory's per-role and per-component overrides) plus what its SLOs need, scraped
 * through its hosts' transports every sample, and judged against the objectives. Produces the
 * `components[]` entries of `perfmon snapshot --json` (shape in slo-types.ts).
 */
import { AppMetricsCollector } from '../collect/app-metrics/app-metrics-collector.js';
import type { AppMetricValue } from '../collect/app-metrics/app-metrics-types.js';
import { BUILT_IN_APP_METRICS } from '../collect/app-metrics/role-defaults.js';
import type { Transport } from '../collect/app-metrics/transport.js';
import { appMetricsFor } from '../config/inventory-queries.js';
import type { Component, Inventory } from '../config/inventory-schema.js';
import { sloRequirements, SloTracker } from './slo-tracker.js';
import type { ComponentReport } from './slo-types.js';

export interface ComponentMonitorOptions {
  timeoutMs: number;
  intervalSeconds: number;
  now?: () => number;
}

export class ComponentMonitor {
  readonly appMetrics: AppMetricsCollector;
  private readonly slos: SloTracker;
  private readonly visible: ReadonlySet<string>;

  constructor(
    readonly component: Pick<Component, 'name' | 'role' | 'metrics' | 'appMetrics' | 'slos'>,
    inventory: Pick<Inventory, 'appMetrics'>,
    hosts: readonly Transport[],
    options: ComponentMonitorOptions,
  ) {
    const mappings = appMetricsFor(inventory, component, BUILT_IN_APP_METRICS);
    const needs = sloRequirements(component.slos);
    this.visible = new Set(Object.keys(mappings));
    this.appMetrics = new AppMetricsCollector(
      { component: component.name, role: component.role, endpoints: component.metrics, mappings: { ...mappings, ...needs.mappings }, hosts },
      { timeoutMs: options.timeoutMs, extraQuantiles: needs.extraQuantiles, ...(options.now ? { now: options.now } : {}) },
    );
    this.slos = new SloTracker(component.slos, mappings, { intervalSeconds: options.intervalSeconds });
  }

  /** Scrapes, evaluates the SLOs; `healthy` is the health check's latest verdict, if any. */
  async sample(healthy: boolean | null = null): Promise<ComponentReport> {
    const snapshot = await this.appMetrics.sample();
    const slos = this.slos.record({ timeMs: snapshot.timeMs, metrics: snapshot.metrics, healthy });
    const appMetrics: Record<string, AppMetricValue> = {};
    for (const [key, value] of Object.entries(snapshot.metrics)) if (this.visible.has(key)) appMetrics[key] = value;
    return { name: this.component.name, role: this.component.role, timeMs: snapshot.timeMs, appMetrics, slos };
  }
}
