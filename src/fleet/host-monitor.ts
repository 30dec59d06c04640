import type { CollectorSession, CollectorSessionOptions } from '../collect/remote/collector-session.js';
import { snapshotFromSample } from '../collect/sample-snapshot.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import { Retry } from '../runtime/backoff.js';
import type { SshConnection } from '../ssh/connection.js';
import { SshError } from '../ssh/ssh-error.js';
import type { FleetHost } from './fleet-host.js';
import { openCollector } from './open-collector.js';

export interface HostMonitorEvents {
  sample(snapshot: HostSnapshot): void;
  /** `retryAt`: when the next attempt comes (ms since the epoch), when one is scheduled. */
  down(reason: string, retryAt?: number): void;
  /** A fresh connection is up (dumps and procedures may share it). */
  connected?(connection: SshConnection): void;
}

export interface HostMonitorOptions {
  intervalMs: number;
  connect(host: FleetHost): Promise<SshConnection>;
  collector?: CollectorSessionOptions;
  /** Reconnect delays: exponential with full jitter between these bounds. */
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

type State = 'idle' | 'connecting' | 'up' | 'waiting' | 'stopped';

/**
 * Keeps one host watched: connects, starts the collector, asks for a sample on every tick of
 * the fleet's clock, and when anything breaks (refused, timeout, auth, host key, the collector
 * dying or answering garbage, no answer for two intervals) reports the host down with the
 * reason and reconnects with exponential backoff and jitter. Never throws; one host's trouble
 * never blocks another's.
 */
export class HostMonitor {
  private state: State = 'idle';
  private connection: SshConnection | null = null;
  private session: CollectorSession | null = null;
  /** Reconnects: at most 30 s between attempts by default, so a host that comes back shows up quickly. */
  private readonly retry: Retry;
  /** Bumped on every (re)connection so callbacks of an old one are ignored. */
  private generation = 0;
  /** Samples recorded, and wire bytes of closed connections (live ones are read on demand). */
  private counts = { samples: 0, read: 0, written: 0 };

  constructor(
    readonly host: FleetHost,
    private readonly options: HostMonitorOptions,
    private readonly events: HostMonitorEvents,
  ) {
    const { baseMs, maxMs } = options.backoff ?? { baseMs: 1000, maxMs: 30_000 };
    this.retry = new Retry({ baseMs, maxMs, ...(options.random ? { random: options.random } : {}) });
  }

  get status(): State {
    return this.state;
  }

  /** The live connection, for actions that share it (null while down). */
  get liveConnection(): SshConnection | null {
    return this.state === 'up' ? this.connection : null;
  }

  start(): void {
    if (this.state !== 'idle') return;
    if (this.host.configError || !this.host.ssh) {
      this.state = 'stopped';
      this.events.down(this.host.configError ?? 'no ssh configuration');
      return;
    }
    void this.connect();
  }

  stop(): void {
    this.state = 'stopped';
    this.retry.cancel();
    this.teardown();
  }

  /** The fleet's clock ticked: ask for a sample, or notice that the last one never came. */
  tick(): void {
    if (this.state !== 'up' || !this.session) return;
    const since = this.session.outstandingSince;
    const staleMs = 2 * this.options.intervalMs + 1000;
    if (since !== null) {
      const waited = Date.now() - since;
      if (waited > staleMs) this.fail(`no answer from the collector for ${Math.round(waited / 1000)}s`);
      return;
    }
    const generation = this.generation;
    this.session.sample().then(
      (sample) => {
        if (sample && generation === this.generation && this.state === 'up') {
          this.counts.samples += 1;
          this.events.sample(snapshotFromSample(this.host.name, sample));
        }
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        // A garbled record spoils one sample: the host shows the collector error until the
        // next good one. A dead collector fails the session and we reconnect.
        if (this.session?.failed) this.fail(`collector error: ${message(this.session.failed)}`);
        else this.events.down(`collector error: ${message(error)}`);
      },
    );
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.state = 'connecting';
    try {
      const connection = await this.options.connect(this.host);
      if (this.superseded(generation)) {
        connection.close();
        return;
      }
      this.connection = connection;
      connection.once('close', (reason) => {
        if (generation === this.generation && reason.kind !== 'requested') this.fail(`${reason.kind}: ${reason.message}`);
      });
      const session = await openCollector(connection, {
        label: this.host.name,
        helloTimeoutMs: Math.max(10_000, 3 * this.options.intervalMs),
        ...this.options.collector,
      });
      if (this.superseded(generation)) {
        void session.close();
        return;
      }
      this.session = session;
      this.state = 'up';
      this.retry.succeeded();
      this.events.connected?.(connection);
      this.tick();
    } catch (error) {
      if (!this.superseded(generation)) this.fail(reasonOf(error));
    }
  }

  /** A newer connection attempt (or stop()) made this one's results irrelevant. */
  private superseded(generation: number): boolean {
    return generation !== this.generation || this.state === 'stopped';
  }

  private fail(reason: string): void {
    if (this.state === 'stopped' || this.state === 'waiting') return;
    this.generation += 1;
    this.teardown();
    this.state = 'waiting';
    const wait = this.retry.after(() => {
      if (this.state === 'waiting') void this.connect();
    });
    this.events.down(reason, Date.now() + wait);
  }

  /** Samples taken and bytes on the wire so far, for the fleet benchmark. */
  stats(): { samples: number; bytesRead: number; bytesWritten: number } {
    const live = this.connection?.wireBytes() ?? { read: 0, written: 0 };
    return { samples: this.counts.samples, bytesRead: this.counts.read + live.read, bytesWritten: this.counts.written + live.written };
  }

  private teardown(): void {
    const session = this.session;
    const connection = this.connection;
    const wire = connection?.wireBytes();
    if (wire) {
      this.counts.read += wire.read;
      this.counts.written += wire.written;
    }
    this.session = null;
    this.connection = null;
    void session?.close().catch(() => undefined);
    connection?.close();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "refused: …", "timeout: …", "auth: …", "host-key-changed: …" — the kind first, for the fleet's reason column. */
function reasonOf(error: unknown): string {
  if (error instanceof SshError) return `${error.kind}: ${error.message}`;
  return message(error);
}
