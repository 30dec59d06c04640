/**
 * Every component's health check on each of its hosts, run on a clock for the emergency pane
 * (the same probe a rolling restart waits on, through the same HostAccess). A check still
 * running when the next tick comes is skipped, not stacked; each result is published as it
 * arrives, so a slow or dead host does not hold back the others. Hosts the caller knows to be
 * down are not checked (their state says more than a failed check would), and a host that
 * comes up can be checked at once.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { componentHosts } from '../config/inventory-queries.js';
import type { HostHealthReading } from '../model/platform-state.js';
import { ScheduledTask } from '../runtime/scheduler.js';
import { checkHealth, renderProbe } from './health-check.js';
import type { HostAccess } from './host-access.js';
import { componentVars } from './template-vars.js';

export type ComponentHealthMap = Readonly<Record<string, readonly HostHealthReading[]>>;

interface Check {
  key: string;
  component: string;
  host: string;
  run: () => Promise<{ ok: boolean; output: string }>;
}

/** The checks: every host of every component that has a health check. */
function checksOf(inventory: Inventory, access: HostAccess): Check[] {
  return inventory.components.flatMap((component) => {
    const health = component.health;
    if (health === undefined) return [];
    return componentHosts(inventory, component).map((host): Check => ({
      key: `${component.name}\u0000${host.name}`,
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

export interface HealthWatchOptions {
  intervalMs: number;
  /** Hosts not to check now (down, or still connecting). */
  skip?: (host: string) => boolean;
  now?: () => number;
}

export class ComponentHealthWatch {
  /** Each tick starts the checks not under way; a host's check still running is joined, not stacked (runCheck). */
  private readonly clock: ScheduledTask;
  private readings: Record<string, HostHealthReading[]> = {};
  private readonly checks: Check[];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    inventory: Inventory,
    access: HostAccess,
    /** Told the whole map after every check. */
    private readonly publish: (health: ComponentHealthMap) => void,
    private readonly options: HealthWatchOptions,
  ) {
    this.checks = checksOf(inventory, access);
    this.clock = new ScheduledTask(() => void this.checkNow(), { intervalMs: options.intervalMs });
  }

  /** Whether any component has a health check (else there is nothing to watch). */
  get empty(): boolean {
    return this.checks.length === 0;
  }

  start(): void {
    if (this.clock.started || this.empty) return;
    this.stopped = false;
    this.clock.start();
  }

  /** No check starts after this, and one still under way is not published. */
  stop(): void {
    this.stopped = true;
    this.clock.stop();
  }

  /** Checks every host not skipped (joining checks under way); resolves when they have answered. */
  checkNow(): Promise<void> {
    return this.runChecks(this.checks);
  }

  /** Checks one host's components now (it just came up, say). */
  checkHost(host: string): Promise<void> {
    return this.runChecks(this.checks.filter((c) => c.host === host));
  }

  private async runChecks(checks: readonly Check[]): Promise<void> {
    await Promise.all(checks.filter((c) => !this.options.skip?.(c.host)).map((c) => this.runCheck(c)));
  }

  private runCheck(check: Check): Promise<void> {
    const under = this.running.get(check.key);
    if (under !== undefined) return under;
    const run = check.run().then((result) => {
      this.running.delete(check.key);
      this.record(check, { host: check.host, ok: result.ok, output: result.output, time: (this.options.now ?? Date.now)() });
    });
    this.running.set(check.key, run);
    return run;
  }

  private record(check: Check, reading: HostHealthReading): void {
    if (this.stopped) return;
    const order = this.checks.filter((c) => c.component === check.component).map((c) => c.host);
    const others = (this.readings[check.component] ?? []).filter((r) => r.host !== check.host);
    const next = [...others, reading].sort((a, b) => order.indexOf(a.host) - order.indexOf(b.host));
    this.readings = { ...this.readings, [check.component]: next };
    this.publish(this.readings);
  }
}
