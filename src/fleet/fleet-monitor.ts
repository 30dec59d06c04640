import type { CollectorSessionOptions } from '../collect/remote/collector-session.js';
import type { MetricStore } from '../model/store.js';
import { connect, type ConnectOptions, type SshConnection } from '../ssh/connection.js';
import { ScheduledTask } from '../runtime/scheduler.js';
import { HandshakeGate } from '../ssh/gate.js';
import type { FleetHost } from './fleet-host.js';
import { HostMonitor } from './host-monitor.js';

export interface FleetMonitorOptions {
  intervalMs: number;
  connect?: ConnectOptions;
  /** SSH handshakes in flight at once (the inventory's ssh.maxStartups). */
  maxStartups?: number;
  collector?: CollectorSessionOptions;
  backoff?: { baseMs: number; maxMs: number };
}

/**
 * Watches every host of the fleet into the store: one connection and one collector channel
 * per host, one clock for all (so a second's samples arrive together and the UI redraws once),
 * handshakes bounded so a bastion's MaxStartups is never hit.
 */
export class FleetMonitor {
  private readonly monitors: HostMonitor[];
  /** Each host keeps its own sample in flight from stacking (HostMonitor.tick); this clock only asks. */
  private readonly clock: ScheduledTask;

  constructor(
    hosts: readonly FleetHost[],
    private readonly store: MetricStore,
    options: FleetMonitorOptions,
  ) {
    this.clock = new ScheduledTask(() => this.tick(), { intervalMs: options.intervalMs, firstRunMs: options.intervalMs, ref: true });
    const maxStartups = options.maxStartups ?? 10;
    // sshd's MaxStartups bounds handshakes per server: per first hop (a bastion) it is the
    // limit; across distinct servers more may run, bounded to keep perfmon's CPU in check.
    const gate = options.connect?.handshakeGate ?? new HandshakeGate({ perFirstHop: maxStartups, global: Math.max(maxStartups, 32) });
    const connectOptions: ConnectOptions = { ...options.connect, handshakeGate: gate };
    this.monitors = hosts.map(
      (host) =>
        new HostMonitor(
          host,
          {
            intervalMs: options.intervalMs,
            connect: (h) => connect(h.ssh!, connectOptions),
            ...(options.collector ? { collector: options.collector } : {}),
            ...(options.backoff ? { backoff: options.backoff } : {}),
          },
          {
            sample: (snapshot) => store.record(snapshot),
            down: (reason, retryAt) => store.markDown(host.name, reason, retryAt ?? null),
          },
        ),
    );
  }

  start(): void {
    for (const monitor of this.monitors) {
      this.store.addHost(monitor.host.name);
      monitor.start();
    }
    this.clock.start();
  }

  /** Every host up is asked for a sample; a host that is down misses one (a gap as long as the outage). */
  private tick(): void {
    for (const monitor of this.monitors) {
      if (monitor.status === 'up') monitor.tick();
      else this.store.markMissed(monitor.host.name);
    }
  }

  stop(): void {
    this.clock.stop();
    for (const monitor of this.monitors) monitor.stop();
  }

  /** Totals over every host: samples taken and bytes on the wire (for bench/fleet). */
  stats(): { hosts: number; samples: number; bytesRead: number; bytesWritten: number } {
    const total = { hosts: this.monitors.length, samples: 0, bytesRead: 0, bytesWritten: 0 };
    for (const monitor of this.monitors) {
      const s = monitor.stats();
      total.samples += s.samples;
      total.bytesRead += s.bytesRead;
      total.bytesWritten += s.bytesWritten;
    }
    return total;
  }

  /** A host's live connection, shared by dumps and procedures (null while it is down). */
  connection(name: string): SshConnection | null {
    return this.monitors.find((m) => m.host.name === name)?.liveConnection ?? null;
  }
}
