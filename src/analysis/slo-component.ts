/**
 * One component's SLOs, beside its application-metrics collector: which mappings the collector
 * must read (built-in for its role, then the inventory's per-role and per-component overrides,
 * plus what its SLOs need) and, for each reading the collector returns, the component's report
 * judged against the objectives — the `components[]` entries of `perfmon snapshot --json`
 * (shape in src/model/slo-reading.ts). The collector itself knows nothing of SLOs.
 */
import { AppMetricsCollector, type AppMetricsOptions } from '../collect/app-metrics/app-metrics-collector.js';
import { BUILT_IN_APP_METRICS } from '../collect/app-metrics/role-defaults.js';
import type { Transport } from '../collect/app-metrics/transport.js';
import { appMetricsFor } from '../config/inventory-queries.js';
import type { AppMetricMap, Component, Inventory } from '../config/inventory-schema.js';
import type { AppMetricsSnapshot, AppMetricValue } from '../model/app-reading.js';
import type { ComponentReport } from '../model/slo-reading.js';
import { sloRequirements, SloTracker } from './slo-tracker.js';

type SloComponent = Pick<Component, 'name' | 'role' | 'metrics' | 'appMetrics' | 'slos'>;

export class ComponentSlos {
  /** What the component's collector reads: the visible mappings and those only the SLOs use. */
  readonly mappings: AppMetricMap;
  /** Quantiles the latency SLOs need besides each mapping's own, by key. */
  readonly extraQuantiles: Record<string, number[]>;
  private readonly slos: SloTracker;
  private readonly visible: ReadonlySet<string>;

  constructor(
    readonly component: SloComponent,
    inventory: Pick<Inventory, 'appMetrics'>,
    options: { intervalSeconds: number },
  ) {
    const mappings = appMetricsFor(inventory, component, BUILT_IN_APP_METRICS);
    const needs = sloRequirements(component.slos);
    this.visible = new Set(Object.keys(mappings));
    this.mappings = { ...mappings, ...needs.mappings };
    this.extraQuantiles = needs.extraQuantiles;
    this.slos = new SloTracker(component.slos, mappings, { intervalSeconds: options.intervalSeconds });
  }

  /** The application-metrics collector these SLOs are fed from, reading the component's hosts. */
  collector(hosts: readonly Transport[], options: Omit<AppMetricsOptions, 'extraQuantiles'>): AppMetricsCollector {
    const { name, role, metrics } = this.component;
    return new AppMetricsCollector({ component: name, role, endpoints: metrics, mappings: this.mappings, hosts }, { ...options, extraQuantiles: this.extraQuantiles });
  }

  /** Evaluates the SLOs on one collector reading; `healthy` is the health check's latest verdict, if any. */
  report(snapshot: AppMetricsSnapshot, healthy: boolean | null = null): ComponentReport {
    // Budgets count each event once: the values since the previous scrape, not the window's.
    const slos = this.slos.record({ timeMs: snapshot.timeMs, metrics: snapshot.sinceLast ?? snapshot.metrics, healthy });
    const appMetrics: Record<string, AppMetricValue> = {};
    for (const [key, value] of Object.entries(snapshot.metrics)) if (this.visible.has(key)) appMetrics[key] = value;
    return { name: this.component.name, role: this.component.role, timeMs: snapshot.timeMs, appMetrics, slos };
  }
}
