/**
 * The captures of the Dumps pane as plain data (one entry per thread-dump series, heap dump
 * or class histogram, running or done, from this session or found in the dumps folder) and
 * the pure functions turning the engine's progress events into an entry's status line.
 */
import type { Level } from '../../src/analysis/thresholds.js';
import type { ClassHistogramProgress } from '../../src/diagnostics/capture/class-histogram-capture.js';
import type { HeapDumpProgress } from '../../src/diagnostics/capture/heap-dump-capture.js';
import type { ProfileProgress } from '../../src/diagnostics/capture/jfr-capture.js';
import type { FetchProgress } from '../../src/diagnostics/capture/sftp-fetch.js';
import type { ThreadDumpProgress } from '../../src/diagnostics/capture/thread-dump-capture.js';
import { formatByteRate, formatBytes, formatDuration } from '../../src/format/units.js';

export type CaptureKind = 'thread' | 'heap' | 'histogram' | 'profile';
export type CaptureState = 'running' | 'confirm' | 'done' | 'failed' | 'cancelled';

/** The JVM a capture is taken from, as the pane knows it. */
export interface JvmRef {
  host: string;
  pid: number;
  mainClass: string;
  /** Heap in use at the last reading (for the class histogram's preview), when known. */
  heapUsed?: number | null;
}

export interface CaptureEntry {
  id: string;
  kind: CaptureKind;
  host: string;
  pid: number;
  mainClass: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  endedAt: number | null;
  state: CaptureState;
  /** What it is doing now, or how it ended. */
  status: string;
  /** A heap dump's fetch, 0–1; null when there is no transfer under way. */
  fraction: number | null;
  /** While a series waits for its next dump: when that dump starts (ms since the epoch). */
  waitUntil: number | null;
  /** Files saved so far (a series' in capture order). */
  files: readonly string[];
  /** Thread dumps asked for (1 for the other kinds). */
  count: number;
  error: string | null;
  /** What the capture shows, in a few words: "DEADLOCK ×1", "+1.2M GrowingCache$Order". */
  finding: { text: string; level: Level } | null;
  /** Found in the dumps folder when perfmon started. */
  fromDisk: boolean;
  /** A heap dump's local file once named (a .partial beside it while fetching). */
  localPath: string | null;
  /** An interrupted heap dump fetch that can be completed (its .partial and the remote file kept). */
  resumable: boolean;
  /** The heap dump's verification and timings, once done. */
  detail: readonly string[];
}

export function newEntry(id: string, kind: CaptureKind, jvm: JvmRef, now: number, count = 1): CaptureEntry {
  return {
    id,
    kind,
    host: jvm.host,
    pid: jvm.pid,
    mainClass: jvm.mainClass,
    startedAt: now,
    endedAt: null,
    state: 'running',
    status: 'starting…',
    fraction: null,
    waitUntil: null,
    files: [],
    count,
    error: null,
    finding: null,
    fromDisk: false,
    localPath: null,
    resumable: false,
    detail: [],
  };
}

export const KIND_NAMES: Record<CaptureKind, string> = { thread: 'thread dump', heap: 'heap dump', histogram: 'histogram', profile: 'JFR profile' };

/** The change a thread-dump progress event makes to its entry. */
export function threadProgress(entry: CaptureEntry, event: ThreadDumpProgress, now: number): Partial<CaptureEntry> {
  const of = (index: number) => (entry.count > 1 ? `dump ${index + 1}/${entry.count}` : 'dump');
  switch (event.type) {
    case 'target':
      return { mainClass: event.target.mainClass, status: `attaching as ${event.target.runAs ?? event.target.login.user}…` };
    case 'dumping':
      return { status: `${of(event.index)}: jcmd Thread.print…`, waitUntil: null };
    case 'receiving':
      return { status: `${of(event.index)}: ${formatBytes(event.bytes)} received` };
    case 'saved':
      return { status: `${of(event.index)} saved (${formatBytes(event.bytes)})`, files: [...entry.files, event.file] };
    case 'waiting':
      return { waitUntil: now + event.seconds * 1000 };
    case 'notice':
      return { status: event.message };
  }
}

/** `fetching 100M/200M 50% 50M/s ETA 2s`: short enough for the capture list at 80 columns. */
export function fetchText(p: FetchProgress): string {
  const percent = p.total === 0 ? 100 : Math.floor((p.bytes / p.total) * 100);
  const eta = p.etaSeconds === null ? '—' : formatDuration(Math.ceil(p.etaSeconds));
  const resumed = p.resumedFrom > 0 ? ` (resumed at ${formatBytes(p.resumedFrom)})` : '';
  return `fetching ${formatBytes(p.bytes)}/${formatBytes(p.total)} ${percent}% ${formatByteRate(p.bytesPerSecond)} ETA ${eta}${resumed}`;
}

/** The change a heap-dump progress event makes. */
export function heapProgress(event: HeapDumpProgress): Partial<CaptureEntry> {
  switch (event.type) {
    case 'target':
      return { mainClass: event.target.mainClass, status: 'checking the heap in use and the free space…' };
    case 'plan':
      return { localPath: event.plan.localPath, status: 'waiting for the go-ahead' };
    case 'dumping':
      return { state: 'running', status: `the JVM is writing ${event.remotePath} (it pauses meanwhile)…` };
    case 'dumped':
      return { status: `dumped ${formatBytes(event.bytes)} in ${event.seconds.toFixed(1)}s; checking it…` };
    case 'checksum':
      return { status: 'computing the remote SHA-256…' };
    case 'fetching':
      return { status: fetchText(event.progress), fraction: event.progress.total === 0 ? 1 : event.progress.bytes / event.progress.total };
    case 'verified':
      return { status: `verified ${formatBytes(event.bytes)} (sha256 ${event.sha256.slice(0, 12)}…)`, fraction: null, files: [event.file], localPath: event.file };
    case 'remote-removed':
      return { status: `verified; the remote copy ${event.remotePath} is removed` };
    case 'remote-kept':
      return { status: `verified; the remote copy ${event.remotePath} is kept: ${event.reason}` };
    case 'notice':
      return { status: event.message };
  }
}

export function histogramProgress(event: ClassHistogramProgress): Partial<CaptureEntry> {
  switch (event.type) {
    case 'target':
      return { mainClass: event.target.mainClass, status: `attaching as ${event.target.runAs ?? event.target.login.user}…` };
    case 'capturing':
      return { status: 'GC.class_histogram: a full GC, then the count…' };
    case 'receiving':
      return { status: `${formatBytes(event.bytes)} received` };
    case 'saved':
      return { status: `saved (${formatBytes(event.bytes)})`, files: [event.file] };
  }
}

/** The change a profile's progress makes: while it records, the countdown (waitUntil) to its end. */
export function profileProgress(event: ProfileProgress): Partial<CaptureEntry> {
  switch (event.type) {
    case 'recording':
      return { status: `recording ${event.seconds}s of JFR…`, waitUntil: event.endsAt };
    case 'writing':
      return { status: 'the JVM is writing the recording…', waitUntil: null };
    case 'target':
      return { mainClass: event.target.mainClass, status: `attaching as ${event.target.runAs ?? event.target.login.user}…` };
    case 'plan':
    case 'dumping':
    case 'dumped':
      return {};
    default:
      return heapProgress(event);
  }
}

/** The status of a series while it waits: "dump 2/3 in 7s". */
export function liveStatus(entry: CaptureEntry, now: number): string {
  if (entry.waitUntil === null || entry.state !== 'running') return entry.status;
  if (entry.kind === 'profile') return `recording: ${Math.max(0, Math.ceil((entry.waitUntil - now) / 1000))}s left`;
  const next = entry.files.length + 1;
  return `${entry.files.length} saved; dump ${next}/${entry.count} in ${Math.max(0, Math.ceil((entry.waitUntil - now) / 1000))}s`;
}
