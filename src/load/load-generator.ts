/**
 * The load generator. Open model: every request has an intended start time from the arrival
 * schedule, and its latency is measured from that time, not from when it was sent — a server
 * that stalls for a second shows a second of latency on every request that was due meanwhile
 * (no coordinated omission). Closed model: N users each send, wait for the answer, think, and
 * send again; latency is measured from the actual send. Connections come from one undici Pool
 * per origin; stop() destroys them at once, so nothing is left open. A ws:// or wss:// URL is a
 * WebSocket session (connect, send, receive the messages expected, close), with the `ws`
 * package loaded only by a scenario that has one.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { DataTable } from './data-feed.js';
import { LoadWindow } from './load-stats.js';
import { evaluateChecks, RequestMix, responseError, type FilledRequest } from './request-mix.js';
import type { Scenario } from './scenario-schema.js';
import type { WebSocket as WsSocket } from 'ws';
import { arrivalTimes, levelAt, totalDuration } from './stage-plan.js';

export interface SecondReport {
  /** Seconds since the start (1 for the first second). */
  second: number;
  window: LoadWindow;
  inFlight: number;
  /** Open model: the arrival rate asked for; closed: the users running. */
  level: number;
}

export type EndReason = 'done' | 'stopped' | 'data exhausted';

export interface RunOutcome {
  total: LoadWindow;
  /** Seconds from the start to the end of sending (the planned duration, unless stopped). */
  sendingSeconds: number;
  /** Seconds from the start until the last response (or the stop). */
  elapsedSeconds: number;
  endReason: EndReason;
  startedAt: Date;
}

export interface GeneratorOptions {
  onSecond?: (report: SecondReport) => void;
  random?: () => number;
}

/** Closed-model users re-read the stage level this often to ramp up or down. */
const USER_RAMP_MS = 100;

export class LoadGenerator {
  private readonly mix: RequestMix;
  private readonly pools = new Map<string, Pool>();
  private readonly total = new LoadWindow();
  private window = new LoadWindow();
  private readonly t0 = performance.now();
  private readonly startedAt = new Date();
  private inFlight = 0;
  private sent = 0;
  private stopped = false;
  private sendingEnded: number | undefined;
  private endReason: EndReason = 'done';
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<WsSocket>();
  private ws: Promise<typeof import('ws')> | undefined;
  private readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(
    private readonly scenario: Scenario,
    data: ReadonlyMap<string, DataTable>,
    private readonly options: GeneratorOptions = {},
  ) {
    this.mix = new RequestMix(scenario, data, options.random);
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Runs the scenario to its end (or stop()); resolves with what was measured. */
  async run(): Promise<RunOutcome> {
    const seconds = setInterval(() => this.reportSecond(), 1000);
    try {
      if (this.scenario.model === 'open') this.runOpen();
      else this.runClosed();
      await this.finished;
    } finally {
      clearInterval(seconds);
      for (const timer of this.timers) clearTimeout(timer);
      await this.closePools();
    }
    const now = this.elapsedMs();
    if (this.window.requests + this.window.dropped > 0) this.reportSecond();
    return {
      total: this.total,
      sendingSeconds: (this.sendingEnded ?? now) / 1000,
      elapsedSeconds: now / 1000,
      endReason: this.endReason,
      startedAt: this.startedAt,
    };
  }

  /** Stops at once: no more requests, connections destroyed, in-flight requests abandoned. */
  stop(): void {
    if (this.stopped) return;
    this.endReason = 'stopped';
    this.endSending();
    this.stopped = true;
    void this.closePools().then(() => this.finish());
  }

  private elapsedMs(): number {
    return performance.now() - this.t0;
  }

  private endSending(): void {
    this.sendingEnded ??= this.elapsedMs();
  }

  private maybeFinish(): void {
    if (this.sendingEnded !== undefined && this.inFlight === 0) this.finish();
  }

  private reportSecond(): void {
    const window = this.window;
    this.window = new LoadWindow();
    const elapsed = this.elapsedMs() / 1000;
    this.options.onSecond?.({ second: Math.max(1, Math.round(elapsed)), window, inFlight: this.inFlight, level: levelAt(this.scenario.stages, Math.min(elapsed, totalDuration(this.scenario.stages) - 1e-9)) });
    window.release();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      const timeout = this.scenario.timeout * 1000;
      pool = new Pool(origin, { connections: this.scenario.connections, pipelining: 1, headersTimeout: timeout, bodyTimeout: timeout });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private async closePools(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Sends one request; `startMs` is when its latency counts from (intended or actual start). */
  private async send(filled: FilledRequest, startMs: number): Promise<void> {
    const { prepared, url } = filled;
    const name = prepared.request.name;
    this.inFlight++;
    let status = 0;
    let body = '';
    let error: string | undefined;
    try {
      if (url.protocol === 'ws:' || url.protocol === 'wss:') ({ status, body } = await this.session(filled));
      else {
        const response = await this.pool(url.origin).request({
          path: url.pathname + url.search,
          method: prepared.request.method,
          headers: filled.headers,
          body: filled.body ?? null,
        });
        status = response.statusCode;
        if (prepared.readsBody) body = await response.body.text();
        else await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
      }
    } catch (failure) {
      error = (failure as { code?: string }).code ?? (failure as Error).message;
    }
    this.inFlight--;
    // A request cut short by stop() measured nothing about the server.
    if (!this.stopped) {
      const latencyMs = this.elapsedMs() - startMs;
      const checks = error === undefined ? evaluateChecks(prepared.request.checks, status, body) : [];
      const outcome = { name, latencyMs, error: error ?? responseError(prepared.request.checks, checks, status), checks };
      this.window.record(outcome);
      this.total.record(outcome);
    }
    this.maybeFinish();
  }

  /**
   * One WebSocket session: connect (status 101), send the messages, wait for the `expect`-th
   * message (its text is what the checks read), close. A refused upgrade gives its HTTP status;
   * no expected message within the timeout fails it.
   */
  private async session(filled: FilledRequest): Promise<{ status: number; body: string }> {
    const { WebSocket } = await (this.ws ??= import('ws'));
    const expect = filled.prepared.request.expect ?? 1;
    const timeout = this.scenario.timeout * 1000;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(filled.url, { headers: filled.headers, handshakeTimeout: timeout });
      this.sockets.add(socket);
      let received = 0;
      const end = (outcome: () => void): void => {
        clearTimeout(timer);
        this.sockets.delete(socket);
        socket.removeAllListeners();
        socket.on('error', () => {});
        outcome();
      };
      const timer = setTimeout(() => end(() => (socket.terminate(), reject(Object.assign(new Error(`${received} of ${expect} messages within the timeout`), { code: 'timeout' })))), timeout);
      socket.on('open', () => {
        for (const message of filled.send) socket.send(message);
      });
      socket.on('message', (data) => {
        if (++received < expect) return;
        end(() => {
          socket.close(1000);
          resolve({ status: 101, body: String(data) });
        });
      });
      socket.on('unexpected-response', (_request, response) => end(() => (socket.terminate(), resolve({ status: response.statusCode ?? 0, body: '' }))));
      socket.on('close', () => end(() => reject(Object.assign(new Error(`closed after ${received} of ${expect} messages`), { code: 'closed early' }))));
      socket.on('error', (error) => end(() => (socket.terminate(), reject(error))));
    });
  }

  private next(user: number): FilledRequest | undefined {
    const filled = this.mix.next(this.sent + 1, user);
    if (filled === undefined) {
      this.endReason = 'data exhausted';
      this.endSending();
      return undefined;
    }
    this.sent++;
    return filled;
  }

  private runOpen(): void {
    const schedule = arrivalTimes(this.scenario.stages);
    let due = schedule.next();
    const tick = (): void => {
      if (this.stopped) return;
      const now = this.elapsedMs();
      while (!due.done && due.value * 1000 <= now) {
        const intended = due.value * 1000;
        due = schedule.next();
        if (this.inFlight >= this.scenario.maxInFlight) {
          this.window.dropped++;
          this.total.dropped++;
          continue;
        }
        const filled = this.next(0);
        if (filled === undefined) return this.maybeFinish();
        const lag = this.elapsedMs() - intended;
        this.window.recordSent(lag);
        this.total.recordSent(lag);
        void this.send(filled, intended);
      }
      if (due.done) {
        this.endSending();
        return this.maybeFinish();
      }
      const wait = due.value * 1000 - this.elapsedMs();
      // Timers fire a millisecond or so late; the last stretch is waited for in setImmediate turns.
      if (wait > 2) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          tick();
        }, wait - 1.5);
        this.timers.add(timer);
      } else setImmediate(tick);
    };
    tick();
  }

  private runClosed(): void {
    const duration = totalDuration(this.scenario.stages) * 1000;
    // Users by index; those at or past the current level leave after their request in flight.
    const active = new Set<number>();
    const users = (): number => Math.floor(levelAt(this.scenario.stages, this.elapsedMs() / 1000) + 1e-9);
    const user = async (index: number): Promise<void> => {
      active.add(index);
      while (!this.stopped && this.sendingEnded === undefined && index < users()) {
        const filled = this.next(index);
        if (filled === undefined) break;
        await this.send(filled, this.elapsedMs());
        const think = this.thinkMs();
        if (think > 0 && !this.stopped) await this.sleep(think);
      }
      active.delete(index);
      this.maybeFinish();
    };
    const ramp = (): void => {
      if (this.stopped) return;
      if (this.elapsedMs() >= duration) this.endSending();
      if (this.sendingEnded !== undefined) return this.maybeFinish();
      for (let index = 0, level = users(); index < level; index++) if (!active.has(index)) void user(index);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        ramp();
      }, USER_RAMP_MS);
      this.timers.add(timer);
    };
    ramp();
  }

  private thinkMs(): number {
    const think = this.scenario.thinkTime;
    if (typeof think === 'number') return think * 1000;
    return (think.min + (this.options.random ?? Math.random)() * (think.max - think.min)) * 1000;
  }
}
