/**
 * Everything the Dumps pane acts with, made once per perfmon session (commands/monitor.ts) so
 * that captures run on while the operator looks at other panes: the capture runner (the
 * engine on the fleet's connections), the audit log, the dumps folder, the list of captures
 * with their live progress, the confirmations waiting for the operator, the analyses.
 *
 * The engine does not check whether an action is allowed; the desk does, before anything runs
 * (the pane also hides or disables the keys): --read-only / readOnly refuse every capture, the
 * inventory's `actions` must list dump-thread (thread dumps) or dump-heap (heap dumps and class
 * histograms, which make the JVM run a full GC).
 */
import type { ActionKind, Inventory } from '../../src/config/inventory-schema.js';
import type { CaptureAudit } from '../../src/diagnostics/capture/capture-audit.js';
import { CaptureError } from '../../src/diagnostics/capture/capture-error.js';
import type { HeapDump } from '../../src/diagnostics/capture/heap-dump-capture.js';
import type { JvmToolSettings } from '../../src/collect/jvm/jvm-tools.js';
import { formatBytes } from '../../src/format/units.js';
import { writeProfileExports, type FlameKind } from '../../src/diagnostics/profile/profile-exports.js';
import { actionRefusal } from '../../src/procedures/safety.js';
import { Observable, type DeskMessage } from '../emergency/observable.js';
import { analyzeCapture, findingOf, type CaptureAnalysis } from './capture-analysis.js';
import { heapProgress, histogramProgress, newEntry, profileProgress, threadProgress, type CaptureEntry, type JvmRef } from './capture-entries.js';
import { captureFiles, entriesFromFiles } from './capture-files.js';
import type { CaptureRunner } from './capture-runner.js';
import { heapPreview, histogramPreview } from './confirm-previews.js';

export interface DumpsSetup {
  inventory: Pick<Inventory, 'readOnly' | 'actions' | 'hosts'>;
  runner: CaptureRunner;
  audit?: CaptureAudit | undefined;
  /** Where every capture is saved. */
  outDir: string;
  readOnly: boolean;
  configPath?: string | undefined;
  now?: () => number;
  /** Starts JVM metrics for a host (or every host): the JVM watcher runs nothing unasked. */
  wantJvms?: ((host?: string) => void) | undefined;
}

/** An action waiting for the operator's go-ahead (the pane shows it in the ConfirmDialog). */
export interface PendingConfirm {
  id: string;
  title: string;
  preview: readonly string[];
  confirmText: string;
}

export interface DumpsDeskState {
  /** Newest first. */
  captures: readonly CaptureEntry[];
  /** The first one is shown; the others wait their turn. */
  confirms: readonly PendingConfirm[];
  /** By capture id: its analysis, or 'loading' while it is computed. */
  analyses: Readonly<Record<string, CaptureAnalysis | 'loading'>>;
  message: DeskMessage | null;
}

export class DumpsDesk extends Observable<DumpsDeskState> {
  private readonly controllers = new Map<string, AbortController>();
  private readonly answers = new Map<string, (ok: boolean) => void>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private ids = 0;

  /** Somebody is looking at `host`'s JVMs (its overview), or at every JVM (the Dumps pane). */
  wantJvms(host?: string): void {
    this.setup.wantJvms?.(host);
  }

  constructor(readonly setup: DumpsSetup) {
    super({ captures: [], confirms: [], analyses: {}, message: null });
    this.now = setup.now ?? Date.now;
  }

  get outDir(): string {
    return this.setup.outDir;
  }

  /** Lists the captures already in the dumps folder (earlier sessions, `perfmon dump --out`). */
  async load(): Promise<void> {
    const found = entriesFromFiles(await captureFiles(this.setup.outDir), this.setup.inventory.hosts.map((h) => h.name), () => this.nextId());
    const known = new Set(this.getSnapshot().captures.flatMap((c) => c.files));
    const fresh = found.filter((e) => !e.files.some((f) => known.has(f)));
    this.update((s) => ({ captures: [...s.captures, ...fresh].sort((a, b) => b.startedAt - a.startedAt) }));
    // What the newest of them found ("DEADLOCK ×1"), one after the other in the background.
    // Not the heap dumps (nothing to read) nor the profiles (jfr takes seconds of CPU each): those when opened.
    for (const entry of fresh.filter((e) => e.kind !== 'heap' && e.kind !== 'profile').slice(0, 20)) await this.analyze(entry.id);
  }

  /** Why captures of this kind are refused in this session, or null. */
  refusal(kind: ActionKind): string | null {
    return actionRefusal(this.setup.inventory, kind, { readOnly: this.setup.readOnly, configPath: this.setup.configPath }) ?? null;
  }

  /** A series of `count` thread dumps `every` seconds apart; no confirmation (a dump only reads). */
  takeThreadDumps(jvm: JvmRef, count: number, every: number): string | null {
    const entry = this.begin('thread', 'dump-thread', jvm, count);
    if (entry === null) return null;
    const { signal, progress } = this.track(entry.id);
    this.run(entry.id, async () => {
      const series = await this.setup.runner.threadDumps(
        { ...this.settings(jvm.host).tools, host: jvm.host, pid: jvm.pid, count, everySeconds: every, outDir: this.outDir, audit: this.setup.audit, signal },
        (event) => progress((e) => threadProgress(e, event, this.now())),
      );
      this.patch(entry.id, { files: series.files, state: 'done', status: `${series.files.length} dump${series.files.length === 1 ? '' : 's'} saved (${series.tool})` });
      await this.analyze(entry.id, true);
    });
    return entry.id;
  }

  /** A heap dump: the engine checks space and plans; the plan waits for the operator's go-ahead. */
  takeHeapDump(jvm: JvmRef): string | null {
    const entry = this.begin('heap', 'dump-heap', jvm);
    if (entry === null) return null;
    const { signal, progress } = this.track(entry.id);
    const { tools, dumpDir, keepRemote } = this.settings(jvm.host);
    this.run(entry.id, async () => {
      const dump = await this.setup.runner.heapDump(
        {
          ...tools,
          host: jvm.host,
          pid: jvm.pid,
          outDir: this.outDir,
          dumpDir,
          keepRemote,
          audit: this.setup.audit,
          signal,
          confirm: (plan) => this.ask(entry.id, `Heap dump of JVM ${plan.pid} on ${plan.host}`, heapPreview(plan, this.entry(entry.id)?.mainClass ?? null), plan.host),
        },
        (event) => progress(() => heapProgress(event)),
      );
      this.heapDone(entry.id, dump);
    });
    return entry.id;
  }

  /** A class histogram after the operator's go-ahead (the JVM runs a full GC first). */
  takeClassHistogram(jvm: JvmRef): string | null {
    const entry = this.begin('histogram', 'dump-heap', jvm);
    if (entry === null) return null;
    const { signal, progress } = this.track(entry.id);
    this.run(entry.id, async () => {
      const go = await this.ask(entry.id, `Class histogram of JVM ${jvm.pid} on ${jvm.host}`, histogramPreview(jvm), jvm.host);
      if (!go) throw new CaptureError('cancelled', jvm.host, `${jvm.host}: class histogram of JVM ${jvm.pid} not confirmed; nothing was done`);
      const capture = await this.setup.runner.classHistogram(
        { ...this.settings(jvm.host).tools, host: jvm.host, pid: jvm.pid, outDir: this.outDir, audit: this.setup.audit, signal },
        (event) => progress(() => histogramProgress(event)),
      );
      this.patch(entry.id, { files: [capture.file], state: 'done', status: `${capture.histogram.rows.length} classes, ${formatBytes(capture.histogram.totalBytes)} in all` });
      await this.analyze(entry.id, true);
    });
    return entry.id;
  }

  /**
   * A JFR profile of `seconds`: no confirmation (like a thread dump, it reads the JVM and loads
   * it a little; the dialog that chose the duration said so); fetched, verified, analysed here.
   */
  takeProfile(jvm: JvmRef, seconds: number): string | null {
    const entry = this.begin('profile', 'dump-thread', jvm);
    if (entry === null) return null;
    const { signal, progress } = this.track(entry.id);
    const { tools, dumpDir, keepRemote } = this.settings(jvm.host);
    this.run(entry.id, async () => {
      const capture = await this.setup.runner.profile(
        { ...tools, host: jvm.host, pid: jvm.pid, outDir: this.outDir, dumpDir, keepRemote, durationSeconds: seconds, audit: this.setup.audit, signal },
        (event) => progress(() => profileProgress(event)),
      );
      this.patch(entry.id, {
        files: [capture.file],
        localPath: capture.file,
        state: 'done',
        status: `${capture.durationSeconds}s recorded, ${formatBytes(capture.bytes)} verified${capture.remoteRemoved ? ', remote copy removed' : ', remote copy kept'}`,
      });
      await this.analyze(entry.id, true);
    });
    return entry.id;
  }

  /** Writes a profile's flame graph beside its recording (folded stacks and SVG) and says where. */
  async exportFlame(id: string, kind: FlameKind): Promise<void> {
    const analysis = this.getSnapshot().analyses[id];
    if (analysis === undefined || analysis === 'loading' || analysis.kind !== 'profile') return;
    const stem = analysis.analysis.source.replace(/\.jfr$/, '');
    try {
      const files = await writeProfileExports(analysis.analysis, { flame: kind, folded: `${stem}.${kind}.folded`, svg: `${stem}.${kind}.svg` });
      this.say(`Wrote ${files.join(' and ')}`, 'good');
    } catch (error) {
      this.say(`Could not write the flame graph: ${(error as Error).message}`, 'bad');
    }
  }

  /** Completes an interrupted heap dump fetch (and any other of the same host in the folder). */
  resume(id: string): void {
    const entry = this.entry(id);
    if (!entry?.resumable || entry.state === 'running') return;
    const refused = this.refusal('dump-heap') ?? this.setup.runner.unavailable(entry.host);
    if (refused !== null) return this.say(`Refused: ${refused}`, 'bad');
    const { signal, progress } = this.track(id);
    this.patch(id, { state: 'running', error: null, status: 'resuming the fetch…', endedAt: null });
    const { tools, dumpDir, keepRemote } = this.settings(entry.host);
    this.run(id, async () => {
      const outcome = await this.setup.runner.resumeHeapDumps({ ...tools, host: entry.host, outDir: this.outDir, dumpDir, keepRemote, signal }, (event) => progress(() => heapProgress(event)));
      const mine = outcome.completed.find((d) => d.file === entry.localPath) ?? outcome.completed[0];
      const gone = outcome.discarded.find((d) => d.partial === `${entry.localPath}.partial`) ?? outcome.discarded[0];
      if (mine) this.heapDone(id, mine);
      else throw new CaptureError('remote', entry.host, gone?.reason ?? `${entry.host}: no interrupted fetch of it is left in ${this.outDir}`);
    });
  }

  /** Stops a capture (or turns down its confirmation). */
  cancel(id: string): void {
    this.answers.get(id)?.(false);
    this.controllers.get(id)?.abort();
  }

  /** The operator's answer to a confirmation. */
  answer(id: string, ok: boolean): void {
    this.answers.get(id)?.(ok);
  }

  /**
   * Computes a finished capture's analysis once (the pane asks when it opens it; a capture
   * that ends asks again with `fresh`, as its files changed).
   */
  async analyze(id: string, fresh = false): Promise<void> {
    const entry = this.entry(id);
    if (!entry || entry.state === 'running' || entry.state === 'confirm') return;
    if (!fresh && this.getSnapshot().analyses[id] !== undefined) return;
    this.update((s) => ({ analyses: { ...s.analyses, [id]: 'loading' } }));
    const result = await analyzeCapture(entry, this.getSnapshot().captures);
    this.update((s) => ({ analyses: { ...s.analyses, [id]: result } }));
    this.patch(id, { finding: findingOf(result) ?? this.entry(id)?.finding ?? null });
  }

  clearMessage(): void {
    if (this.getSnapshot().message !== null) this.update({ message: null });
  }

  /**
   * perfmon is quitting: every capture is stopped (an interrupted heap dump fetch keeps its
   * .partial and the remote file). Returns lines to print once the screen is back to normal.
   */
  async close(): Promise<string[]> {
    const stopped = this.getSnapshot().captures.filter((c) => c.state === 'running' || c.state === 'confirm');
    for (const c of stopped) this.cancel(c.id);
    await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    return this.getSnapshot()
      .captures.filter((c) => stopped.some((s) => s.id === c.id) && c.resumable)
      .map((c) => `the heap dump of JVM ${c.pid} on ${c.host} was interrupted when perfmon quit; complete its fetch with: perfmon dump heap ${c.host} --resume --out ${this.outDir}`);
  }

  private begin(kind: CaptureEntry['kind'], action: ActionKind, jvm: JvmRef, count = 1): CaptureEntry | null {
    const refused = this.refusal(action) ?? this.setup.runner.unavailable(jvm.host);
    if (refused !== null) {
      this.say(`Refused: ${refused}`, 'bad');
      return null;
    }
    const entry = newEntry(this.nextId(), kind, jvm, this.now(), count);
    this.update((s) => ({ captures: [entry, ...s.captures], message: null }));
    return entry;
  }

  private track(id: string): { signal: AbortSignal; progress: (change: (entry: CaptureEntry) => Partial<CaptureEntry>) => void } {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    return {
      signal: controller.signal,
      progress: (change) => {
        const entry = this.entry(id);
        if (entry) this.patch(id, change(entry));
      },
    };
  }

  /** Runs a capture; any failure ends its entry with the engine's message, never an exception. */
  private run(id: string, work: () => Promise<void>): void {
    const done = work()
      .catch((error: unknown) => this.failed(id, error))
      .finally(() => {
        this.controllers.delete(id);
        this.running.delete(done);
        this.patch(id, { endedAt: this.now(), waitUntil: null, fraction: null });
      });
    this.running.add(done);
  }

  private failed(id: string, error: unknown): void {
    const entry = this.entry(id);
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof CaptureError ? error.kind : 'failed';
    const saved = error instanceof CaptureError ? error.files : [];
    // A heap dump that stopped while fetching keeps its .partial and the remote file: resumable.
    const resumable = entry?.kind === 'heap' && entry.fraction !== null && (kind === 'interrupted' || kind === 'cancelled');
    this.patch(id, {
      state: kind === 'cancelled' ? 'cancelled' : 'failed',
      status: kind === 'cancelled' ? 'stopped' : 'failed',
      error: message,
      resumable,
      files: saved.length > 0 ? saved : (entry?.files ?? []),
    });
    if (saved.length > 0 || (entry?.files.length ?? 0) > 0) void this.analyze(id, true);
  }

  private heapDone(id: string, dump: HeapDump): void {
    const seconds = dump.dumpSeconds + dump.fetchSeconds;
    this.patch(id, {
      state: 'done',
      resumable: false,
      files: [dump.file],
      finding: { text: `${formatBytes(dump.bytes)} verified`, level: 'ok' },
      status: `${dump.resumedFrom > 0 ? `fetch completed from ${formatBytes(dump.resumedFrom)} ` : ''}in ${seconds.toFixed(1)}s${dump.remoteRemoved ? ', remote copy removed' : ', remote copy kept'}`,
      detail: [
        `Size: ${dump.bytes} bytes (${formatBytes(dump.bytes)}), SHA-256 ${dump.sha256}, the same as the remote file's`,
        `Dumped in ${dump.dumpSeconds.toFixed(1)}s, fetched in ${dump.fetchSeconds.toFixed(1)}s${dump.resumedFrom > 0 ? ` (resumed at ${formatBytes(dump.resumedFrom)})` : ''}`,
        dump.remoteRemoved ? `The remote copy ${dump.remotePath} was removed after verification` : `The remote copy ${dump.remotePath} was kept`,
      ],
    });
  }

  /** Queues a confirmation; resolves with the operator's answer. */
  private ask(id: string, title: string, preview: readonly string[], confirmText: string): Promise<boolean> {
    this.patch(id, { state: 'confirm', status: 'waiting for your go-ahead (Dumps pane)' });
    this.update((s) => ({ confirms: [...s.confirms, { id, title, preview, confirmText }] }));
    return new Promise((resolve) => {
      this.answers.set(id, (ok) => {
        this.answers.delete(id);
        this.update((s) => ({ confirms: s.confirms.filter((c) => c.id !== id) }));
        if (ok) this.patch(id, { state: 'running', status: 'going ahead…' });
        resolve(ok);
      });
    });
  }

  /** The host's jvm settings of the inventory: who runs the tools, where heap dumps go first. */
  private settings(host: string): { tools: JvmToolSettings; dumpDir: string | undefined; keepRemote: boolean } {
    const jvm = this.setup.inventory.hosts.find((h) => h.name === host)?.jvm;
    return { tools: { sudoUser: jvm?.sudoUser, javaHome: jvm?.javaHome }, dumpDir: jvm?.dumpDir, keepRemote: jvm?.keepRemoteDumps ?? false };
  }

  private entry(id: string): CaptureEntry | undefined {
    return this.getSnapshot().captures.find((c) => c.id === id);
  }

  private patch(id: string, change: Partial<CaptureEntry>): void {
    this.update((s) => ({ captures: s.captures.map((c) => (c.id === id ? { ...c, ...change } : c)) }));
  }

  private say(text: string, tone: DeskMessage['tone']): void {
    this.update({ message: { text, tone } });
  }

  private nextId(): string {
    this.ids += 1;
    return `c${this.ids}`;
  }
}
