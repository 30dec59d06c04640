/**
 * Every component's health check on each of its hosts, run on a clock for the emergency pane
 * (the same probe a rolling restart waits on, through the same HostAccess). A round still
 * running when the next tick comes is skipped, not stacked; each result is published as it
 * arrives, so a slow or dead host does not hold back the others.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import type { HostHealthReading } from '../model/platform-state.js';
import { checkHealth, renderProbe } from './health-check.js';
import type { HostAccess } from './host-access.js';
import { componentVars } from './template-vars.js';

export type ComponentHealthMap = Readonly<Record<string, readonly HostHealthReading[]>>;

interface Check {
  component: string;
  host: string;
  run: () => Promise<{ ok: boolean; output: string }>;
}

/** The checks of one round: every host of every component that has a health check. */
function checksOf(inventory: Inventory, access: HostAccess): Check[] {
  return inventory.components.flatMap((component) => {
    const health = component.health;
    if (health === undefined) return [];
    return componentHosts(inventory, component).map((host): Check => ({
      component: component.name,
      host: host.name,
      run: async () => {
        try {
          const probe = renderProbe(health, componentVars(access.target(host.name), component));
          return await checkHealth(access, host.name, probe, health.timeout * 1000);
        } catch (error) {
          return { ok: false, output: (error as Error).message };
        }
      },
    }));
  });
}

export class ComponentHealthWatch {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readings: Record<string, HostHealthReading[]>;
  private readonly checks: Check[];

  constructor(
    inventory: Inventory,
    access: HostAccess,
    /** Told the whole map after every check. */
    private readonly publish: (health: ComponentHealthMap) => void,
    private readonly options: { intervalMs: number; now?: () => number },
  ) {
    this.checks = checksOf(inventory, access);
    // Every host listed from the start, in inventory order, so rows do not jump as results come in.
    this.readings = {};
    for (const check of this.checks) (this.readings[check.component] ??= []);
  }

  /** Whether any component has a health check (else there is nothing to watch). */
  get empty(): boolean {
    return this.checks.length === 0;
  }

  start(): void {
    if (this.timer !== undefined || this.empty) return;
    void this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round (or the one under way); resolves when every check of it has answered. */
  checkNow(): Promise<void> {
    this.round ??= Promise.all(this.checks.map((check) => this.runCheck(check))).then(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private async runCheck(check: Check): Promise<void> {
    const result = await check.run();
    const reading: HostHealthReading = { host: check.host, ok: result.ok, output: result.output, time: (this.options.now ?? Date.now)() };
    const others = (this.readings[check.component] ?? []).filter((r) => r.host !== check.host);
    const order = this.checks.filter((c) => c.component === check.component).map((c) => c.host);
    const next = [...others, reading].sort((a, b) => order.indexOf(a.host) - order.indexOf(b.host));
    this.readings = { ...this.readings, [check.component]: next };
    this.publish(this.readings);
  }
}
