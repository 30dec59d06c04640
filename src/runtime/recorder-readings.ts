/**
 * What `perfmon record` collects: the inventory's fleet exactly as the TUI watches it
 * (watchFleet: one connection and collector per host, the same backoff and reasons; the platform
 * and JVM watchers over those connections), or this machine when there is no inventory. Each reading is
 * told to the recorder as the store gets it.
 *
 * This is the one place to change when the headless session (src/runtime/session.ts) offers a
 * subscription to collected host snapshots: open the session and forward its events.
 */
import type { Inventory } from '../config/inventory-schema.js';
import { resolveFleetHosts } from '../fleet/fleet-host.js';
import type { FleetMonitor } from '../fleet/fleet-monitor.js';
import { watchFleet, type WatchFleetOptions } from '../fleet/fleet-session.js';
import { JvmWatcher, jvmWatcherHosts } from '../fleet/jvm-watcher.js';
import { PlatformWatcher } from '../fleet/platform-watcher.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { PlatformState } from '../model/platform-state.js';
import { MetricStore } from '../model/store.js';
import type { HostEvent, OpenReadingSource, ReadingSource } from '../history/recorder.js';
import { watchLocalHost } from './watch-local.js';

/** A store that also tells every reading, every failure and every platform reading as it is recorded. */
export class ForwardingStore extends MetricStore {
  constructor(public listener: (event: HostEvent) => void) {
    // A small ring: the recorder keeps history on disk, not here.
    super({ capacity: 2 });
  }

  override record(snapshot: HostSnapshot): void {
    super.record(snapshot);
    this.listener({ kind: 'reading', snapshot });
  }

  override markDown(name: string, error: string): void {
    super.markDown(name, error);
    this.listener({ kind: 'down', host: name, reason: error, time: Date.now() });
  }

  override setPlatform<K extends keyof PlatformState>(key: K, value: PlatformState[K]): void {
    super.setPlatform(key, value);
    this.listener({ kind: 'platform', key, value });
  }
}

/** The hosts one FleetMonitor watches, each with what it was started from (to tell a changed host on reload). */
interface Generation {
  monitor: FleetMonitor;
  hosts: Map<string, string>;
}

/**
 * The fleet in generations: a reload keeps every generation whose hosts are all unchanged (their
 * connections stay up) and starts one new generation for the hosts added, changed, or sharing a
 * generation with a host that went.
 */
class FleetSource implements ReadingSource {
  private readonly generations: Generation[] = [];
  private platform: PlatformWatcher | null = null;
  private jvms: JvmWatcher | null = null;

  constructor(readonly store: ForwardingStore) {}

  get hosts(): readonly string[] {
    return this.generations.flatMap((g) => [...g.hosts.keys()]);
  }

  watch(inventory: Inventory, options: WatchFleetOptions): void {
    const wanted = new Map(resolveFleetHosts(inventory, options.sshConfig).map((h) => [h.name, JSON.stringify({ h, ssh: inventory.ssh, interval: options.intervalMs })]));
    for (const generation of [...this.generations]) {
      if ([...generation.hosts].every(([name, print]) => wanted.get(name) === print)) {
        for (const name of generation.hosts.keys()) wanted.delete(name);
        continue;
      }
      generation.monitor.stop();
      this.generations.splice(this.generations.indexOf(generation), 1);
    }
    if (wanted.size > 0) {
      const monitor = watchFleet(inventory, this.store, { ...options, hosts: new Set(wanted.keys()) });
      this.generations.push({ monitor, hosts: wanted });
    }
    // Components' metrics, SLOs, queues and databases over the fleet's connections, as in the UI.
    this.platform?.stop();
    this.jvms?.stop();
    const fleet = { connection: (name: string) => this.generations.find((g) => g.hosts.has(name))?.monitor.connection(name) ?? null };
    this.platform = new PlatformWatcher(inventory, fleet, this.store, { intervalMs: options.intervalMs });
    this.platform.start();
    // Every host's JVMs (the UI watches those of the hosts someone looks at; history wants them all).
    const hosts = new Set(this.hosts);
    this.jvms = new JvmWatcher(
      jvmWatcherHosts(inventory.hosts.filter((h) => hosts.has(h.name))),
      fleet,
      this.store,
      { intervalMs: options.intervalMs },
    );
    this.jvms.start();
    this.jvms.want();
  }

  stop(): void {
    this.platform?.stop();
    this.jvms?.stop();
    for (const generation of this.generations.splice(0)) generation.monitor.stop();
  }
}

/** The inventory's hosts (already narrowed to --group), watched every `intervalMs`; a reload keeps the connections of unchanged hosts. */
export function fleetReadings(inventory: Inventory, options: WatchFleetOptions): OpenReadingSource {
  return (listener, previous) => {
    let source: FleetSource;
    if (previous instanceof FleetSource) {
      source = previous;
      source.store.listener = listener;
    } else {
      previous?.stop();
      source = new FleetSource(new ForwardingStore(listener));
    }
    source.watch(inventory, options);
    return source;
  };
}

/** This machine, as the TUI watches it without an inventory. */
export function localReadings(intervalMs: number): OpenReadingSource {
  return (listener, previous) => {
    previous?.stop();
    const watch = watchLocalHost(new ForwardingStore(listener), intervalMs);
    return { hosts: [watch.hostName], stop: () => watch.stop() };
  };
}
