/**
 * JvmMonitor: the JVMs of one host and their heap, non-heap, GC and thread figures, pushed to
 * listeners as JvmSnapshots — one per JVM per interval — over ONE long-lived exec channel
 * (see jvm-monitor-script.ts for the remote side and its cost). It knows nothing of the store
 * or the views: the fleet subscribes and puts the snapshots where they belong.
 *
 *   const monitor = await JvmMonitor.open(connection, { host: 'oms-1', sudoUser: 'trader' });
 *   monitor.onSnapshot((s) => store.putJvm(s));
 *   monitor.onJvms((jvms) => …);            // after every discovery round
 *   monitor.onError((e) => …);              // the channel ended: reopen with backoff
 *   monitor.stop();
 *
 * Why jstat and not a jcmd per sample: jcmd starts a JVM each time (~0.3 s of CPU on the
 * host per JVM per sample), while one jstat per JVM, started once, reads the target's shared
 * performance counters each interval (bench/dumps-jvm-metrics-cost.ts prints both).
 * Discovery repeats every discoverEveryMs (new and restarted JVMs get a jstat, gone ones lose
 * it); a discovery still running when the next is due is skipped, not stacked.
 */
import { ScheduledTask } from '../../runtime/scheduler.js';
import type { SshConnection } from '../../ssh/connection.js';
import { JSTAT_COUNTERS } from './jvm-counters.js';
import { DiscoveryRound } from './jvm-discovery.js';
import { monitorScript, type MonitorLine } from './jvm-monitor-script.js';
import type { JvmProcessInfo, JvmSnapshot } from '../../model/jvm-reading.js';
import { runAsFor, toolPath, type JvmToolSettings } from './jvm-tools.js';
import { MonitorChannel, openMonitorChannel, type Hello, type MonitorStreams } from './monitor-channel.js';
import { TrackedJvm } from './tracked-jvm.js';

export interface JvmMonitorOptions extends JvmToolSettings {
  /** The host's name, carried into every snapshot and message. */
  host: string;
  /** jstat's sampling interval; default 1000 ms. */
  intervalMs?: number;
  /** Default 30 s. */
  discoverEveryMs?: number;
  /** Code cache readings (a jcmd each); default 120 s, 0 = never. */
  codeCacheEveryMs?: number;
  /** A jstat that ended while its JVM lives on is restarted after this long; default 60 s. */
  retryEveryMs?: number;
}

type Listener<T> = (value: T) => void;

export class JvmMonitor {
  private readonly tracked = new Map<number, TrackedJvm>();
  private readonly listeners = { snapshot: new Set<Listener<JvmSnapshot>>(), jvms: new Set<Listener<JvmProcessInfo[]>>(), error: new Set<Listener<Error>>() };
  private readonly every: { discover: number; codeCache: number; retry: number };
  private channel: MonitorChannel | null = null;
  private closeChannel: () => void = () => undefined;
  private login: Hello | null = null;
  private round: DiscoveryRound | null = null;
  private firstRound: (() => void) | null = null;
  private discovery: ScheduledTask | null = null;
  private stopped = false;

  /** Starts the monitor on an exec channel; resolves after the first discovery. */
  static async open(connection: SshConnection, options: JvmMonitorOptions): Promise<JvmMonitor> {
    const monitor = new JvmMonitor(options);
    const opened = await openMonitorChannel(connection, monitor.script(), (line) => monitor.onLine(line));
    await monitor.begin(opened.channel, opened.close);
    return monitor;
  }

  /**
   * Starts the monitor over any stream pair (tests and benches run `sh -s` locally; spawn it
   * detached: the script ends by killing its process group).
   */
  static async overStreams(streams: MonitorStreams, options: JvmMonitorOptions, close: () => void): Promise<JvmMonitor> {
    const monitor = new JvmMonitor(options);
    const channel = new MonitorChannel(streams, monitor.script(), (line) => monitor.onLine(line), options.host);
    await monitor.begin(channel, () => {
      channel.close();
      close();
    });
    return monitor;
  }

  private constructor(private readonly options: JvmMonitorOptions) {
    this.every = {
      discover: options.discoverEveryMs ?? 30_000,
      codeCache: options.codeCacheEveryMs ?? 120_000,
      retry: options.retryEveryMs ?? 60_000,
    };
  }

  private script(): string {
    return monitorScript({
      jstat: toolPath(this.options, 'jstat'),
      jcmd: toolPath(this.options, 'jcmd'),
      counters: JSTAT_COUNTERS,
      intervalMs: Math.max(1, Math.round(this.options.intervalMs ?? 1000)),
    });
  }

  private async begin(channel: MonitorChannel, close: () => void): Promise<void> {
    this.channel = channel;
    this.closeChannel = close;
    void channel.ended.then(() => this.channelEnded());
    try {
      this.login = await channel.ready;
      const first = new Promise<void>((resolve) => (this.firstRound = resolve));
      this.discover();
      await Promise.race([first, channel.ended]);
      if (!channel.isOpen) throw new Error(`${this.options.host}: the JVM monitor ended during its first discovery${channel.stderrTail()}`);
    } catch (error) {
      this.stop();
      throw error;
    }
    // A round still under way is skipped by discover() itself; the task only keeps the cadence.
    this.discovery = new ScheduledTask(() => this.discover(), { intervalMs: this.every.discover, firstRunMs: this.every.discover });
    this.discovery.start();
  }

  onSnapshot(listener: Listener<JvmSnapshot>): () => void {
    this.listeners.snapshot.add(listener);
    return () => this.listeners.snapshot.delete(listener);
  }

  /** The JVM list after every discovery round. */
  onJvms(listener: Listener<JvmProcessInfo[]>): () => void {
    this.listeners.jvms.add(listener);
    return () => this.listeners.jvms.delete(listener);
  }

  /** The monitor stopped working (its channel ended); its JVMs were reported unavailable. */
  onError(listener: Listener<Error>): () => void {
    this.listeners.error.add(listener);
    return () => this.listeners.error.delete(listener);
  }

  get jvms(): JvmProcessInfo[] {
    return [...this.tracked.values()].map((t) => t.info);
  }

  /** Who perfmon logs in as on the host (known once started). */
  get loginAccount(): Hello | null {
    return this.login;
  }

  /** Starts a discovery round now, unless one is still running. */
  discover(): void {
    if (this.stopped || this.round !== null || this.channel === null) return;
    this.round = new DiscoveryRound();
    this.channel.send('d');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.discovery?.stop();
    this.closeChannel();
  }

  private onLine(line: MonitorLine): void {
    const now = Date.now();
    switch (line.kind) {
      case 'jvm':
        this.round?.add(line);
        break;
      case 'discovered':
        this.finishRound(line.hostUptimeSeconds, now);
        break;
      case 'output': {
        const jvm = this.tracked.get(line.pid);
        if (jvm === undefined) break;
        if (line.tag === 'c') {
          jvm.onCodeLine(line.text, now);
          break;
        }
        const snapshot = jvm.onJstatLine(line.text, now);
        if (snapshot === null) break;
        this.emit(this.listeners.snapshot, snapshot);
        if (snapshot.status === 'ok') this.maybeReadCodeCache(jvm, now);
        break;
      }
      case 'noise':
      case 'hello':
        break;
    }
  }

  private finishRound(hostUptime: number, now: number): void {
    const round = this.round;
    this.round = null;
    if (round === null || this.login === null) return;
    const previous = new Map([...this.tracked].map(([pid, t]) => [pid, t.info]));
    const found = round.finish(hostUptime, this.login.clockTicks, previous);
    const alive = new Set(found.map((info) => info.pid));
    for (const [pid, jvm] of this.tracked) {
      if (alive.has(pid)) continue;
      this.stopJstat(jvm);
      this.tracked.delete(pid);
    }
    for (const info of found) {
      let jvm = this.tracked.get(info.pid);
      if (jvm !== undefined && jvm.info.startTicks !== info.startTicks) {
        // The pid now belongs to another process: a new JVM.
        this.stopJstat(jvm);
        jvm = undefined;
      }
      if (jvm === undefined) {
        const access = runAsFor(this.options.host, info.pid, this.login, info, this.options.sudoUser);
        jvm = new TrackedJvm(this.options.host, info, access, this.login.user, now);
        this.tracked.set(info.pid, jvm);
      } else {
        jvm.rediscovered(info, now);
      }
      const retry = jvm.jstatState === 'ended' && now - jvm.jstatEndedAt >= this.every.retry;
      if (jvm.runAsArgument !== null && (jvm.jstatState === 'idle' || retry)) {
        jvm.jstatStarting();
        this.channel?.send(`j ${info.pid} ${jvm.runAsArgument}`);
      } else if (jvm.jstatState !== 'running') {
        this.emit(this.listeners.snapshot, jvm.unavailable(now));
      }
    }
    this.emit(this.listeners.jvms, found);
    this.firstRound?.();
    this.firstRound = null;
  }

  private maybeReadCodeCache(jvm: TrackedJvm, now: number): void {
    if (this.every.codeCache <= 0 || jvm.codeRunning || now < jvm.nextCodeCacheAt || jvm.runAsArgument === null) return;
    jvm.codeRunning = true;
    jvm.nextCodeCacheAt = now + this.every.codeCache;
    this.channel?.send(`c ${jvm.info.pid} ${jvm.runAsArgument}`);
  }

  private stopJstat(jvm: TrackedJvm): void {
    if (jvm.jstatPid !== null) this.channel?.send(`k ${jvm.jstatPid}`);
    jvm.jstatState = 'ended';
  }

  private channelEnded(): void {
    this.discovery?.stop();
    if (this.stopped) return;
    this.stopped = true;
    const error = new Error(`${this.options.host}: the JVM monitor's channel closed${this.channel?.stderrTail() ?? ''}`);
    const now = Date.now();
    for (const jvm of this.tracked.values()) this.emit(this.listeners.snapshot, jvm.unavailable(now, error.message));
    this.emit(this.listeners.error, error);
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch {
        // A listener's failure is its own; the monitor keeps going for the others.
      }
    }
  }
}
