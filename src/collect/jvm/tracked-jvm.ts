/**
 * One JVM as the monitor follows it: its discovery data, who runs its tools, its jstat stream
 * and code cache readings, and the previous reading (for rates). Turns relayed output lines
 * into JvmSnapshots. No I/O: the monitor sends the commands.
 */
import { parseCodeCache } from './code-cache.js';
import { classifyToolFailure } from './jdk-tool-errors.js';
import { jvmFigures, withGcRates } from './jvm-counters.js';
import type { GcFigures, JvmProcessInfo, JvmSnapshot, PoolFigures } from '../../model/jvm-reading.js';
import type { RunAs } from './jvm-tools.js';
import { JstatStream } from './jstat-stream.js';

/** A relayed command's own lines: `!k PID` when it starts, `!x` when it ends. */
function control(text: string): { started: number } | 'ended' | null {
  if (text === '!x') return 'ended';
  const m = /^!k (\d+)$/.exec(text);
  return m ? { started: Number(m[1]) } : null;
}

export class TrackedJvm {
  /** When `info.uptimeSeconds` was true (ms since the epoch). */
  discoveredAt: number;
  jstatPid: number | null = null;
  jstatState: 'idle' | 'running' | 'ended' = 'idle';
  jstatEndedAt = 0;
  codeRunning = false;
  nextCodeCacheAt = 0;
  /** Why there are no figures, when there are none. */
  error: string | null;
  private stream = new JstatStream();
  private codeLines: string[] = [];
  private codeCache: PoolFigures | null = null;
  private codeCacheTime: string | null = null;
  private last: { gc: GcFigures | null; at: number; uptime: number | null } | null = null;

  constructor(
    readonly host: string,
    public info: JvmProcessInfo,
    readonly access: RunAs,
    readonly loginUser: string,
    now: number,
  ) {
    this.discoveredAt = now;
    this.error = access.ok ? null : access.reason;
  }

  /** The `USER|-` argument of the script's j and c commands; null when the tools may not run. */
  get runAsArgument(): string | null {
    return this.access.ok ? (this.access.runAs ?? '-') : null;
  }

  rediscovered(info: JvmProcessInfo, now: number): void {
    this.info = info;
    this.discoveredAt = now;
  }

  jstatStarting(): void {
    this.jstatState = 'running';
    this.jstatPid = null;
    this.stream = new JstatStream();
  }

  /** A relayed jstat line: a snapshot when it completes a reading, else null. */
  onJstatLine(text: string, now: number): JvmSnapshot | null {
    const c = control(text);
    if (c === 'ended') {
      this.jstatState = 'ended';
      this.jstatEndedAt = now;
      this.jstatPid = null;
      const failure = classifyToolFailure(this.stream.errorText, {
        host: this.host,
        pid: this.info.pid,
        tool: 'jstat',
        loginUser: this.loginUser,
        runAs: this.access.ok ? this.access.runAs : null,
        owner: this.info.user,
      });
      this.error = this.stream.errorText === '' ? `${this.host}: jstat for JVM ${this.info.pid} ended` : failure.message;
      return this.unavailable(now);
    }
    if (c !== null) {
      this.jstatPid = c.started;
      return null;
    }
    const line = this.stream.push(text);
    if (line.kind !== 'sample') return null;
    this.error = null;
    return this.reading(line.counters, now);
  }

  /** A relayed Compiler.codecache line; the figures are kept for the next snapshots. */
  onCodeLine(text: string, now: number): void {
    const c = control(text);
    if (c === 'ended') {
      const figures = parseCodeCache(this.codeLines.join('\n'));
      if (figures) {
        this.codeCache = figures;
        this.codeCacheTime = new Date(now).toISOString();
      }
      this.codeLines = [];
      this.codeRunning = false;
    } else if (c === null) {
      this.codeLines.push(text);
    }
  }

  private reading(counters: Parameters<typeof jvmFigures>[0], now: number): JvmSnapshot {
    const figures = jvmFigures(counters);
    const uptime = figures.uptimeSeconds ?? this.info.uptimeSeconds + (now - this.discoveredAt) / 1000;
    const last = this.last;
    const seconds = last === null ? 0 : figures.uptimeSeconds !== null && last.uptime !== null ? figures.uptimeSeconds - last.uptime : (now - last.at) / 1000;
    const gc = figures.gc === null ? null : withGcRates(figures.gc, last?.gc ?? null, seconds);
    this.last = { gc: figures.gc, at: now, uptime: figures.uptimeSeconds };
    return {
      ...this.identity(now),
      uptimeSeconds: uptime,
      status: 'ok',
      error: null,
      heap: figures.heap,
      nonHeap: { metaspace: figures.metaspace, classSpace: figures.classSpace, codeCache: this.codeCache, codeCacheTime: this.codeCacheTime },
      gc,
      threads: figures.threads,
    };
  }

  /** A snapshot without figures, saying why. */
  unavailable(now: number, error = this.error ?? `${this.host}: no readings for JVM ${this.info.pid} yet`): JvmSnapshot {
    return {
      ...this.identity(now),
      uptimeSeconds: this.info.uptimeSeconds + (now - this.discoveredAt) / 1000,
      status: 'unavailable',
      error,
      heap: null,
      nonHeap: null,
      gc: null,
      threads: null,
    };
  }

  private identity(now: number): Pick<JvmSnapshot, 'host' | 'pid' | 'user' | 'mainClass' | 'time'> {
    return { host: this.host, pid: this.info.pid, user: this.info.user, mainClass: this.info.mainClass, time: new Date(now).toISOString() };
  }
}
