/**
 * The JFR events a profile is made of, reduced from `jfr print --json` to what the analysis
 * needs: the thread, the stack as method names (top frame first, `pkg.Class.method`), and the
 * event's own figures (a sample's allocation weight, a wait's duration and lock class, an I/O
 * call's target and bytes, a collection's pauses). Pure.
 */
import { javaClassName } from '../class-histogram.js';

/** The event types read from a recording (`jfr print --events`). */
export const PROFILE_EVENT_TYPES = [
  'jdk.ExecutionSample',
  'jdk.ObjectAllocationSample',
  'jdk.JavaMonitorEnter',
  'jdk.ThreadPark',
  'jdk.SocketRead',
  'jdk.SocketWrite',
  'jdk.FileRead',
  'jdk.FileWrite',
  'jdk.GarbageCollection',
] as const;

export type IoOperation = 'socket read' | 'socket write' | 'file read' | 'file write';

interface Common {
  /** Milliseconds since the epoch. */
  time: number;
  thread: string;
  /** Top frame first. */
  stack: readonly string[];
}

export type ProfileEvent =
  | ({ kind: 'cpu' } & Common)
  | ({ kind: 'alloc'; objectClass: string; bytes: number } & Common)
  | ({ kind: 'monitor'; lockClass: string; durationMs: number; previousOwner: string | null } & Common)
  | ({ kind: 'park'; lockClass: string; durationMs: number } & Common)
  | ({ kind: 'io'; operation: IoOperation; target: string; durationMs: number; bytes: number } & Common)
  | { kind: 'gc'; time: number; name: string; cause: string; durationMs: number; longestPauseMs: number; sumOfPausesMs: number };

const IO_TYPES: Record<string, IoOperation> = {
  'jdk.SocketRead': 'socket read',
  'jdk.SocketWrite': 'socket write',
  'jdk.FileRead': 'file read',
  'jdk.FileWrite': 'file write',
};

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const ISO_DURATION = /^PT(-?\d+H)?(-?\d+M)?(-?[\d.]+S)?$/;

/** `PT0.0023S`, `PT1M2.5S` → milliseconds; 0 for anything else. */
export function durationMs(text: unknown): number {
  const m = typeof text === 'string' ? ISO_DURATION.exec(text) : null;
  if (!m) return 0;
  const part = (s: string | undefined) => (s === undefined ? 0 : Number(s.slice(0, -1)));
  const ms = (part(m[1]) * 3600 + part(m[2]) * 60 + part(m[3])) * 1000;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** `ProfileTargets$$Lambda$2+0x00007fc834000c28/1933863327` → `ProfileTargets$$Lambda`: hidden classes' addresses differ per run. */
export function stableClassName(name: string): string {
  return javaClassName(name)
    .replace(/\$\$Lambda(\$\d+)?(\+0x[0-9a-f]+)?(\/0x[0-9a-f]+|\/\d+)?/g, '$$$$Lambda')
    .replace(/\//g, '.');
}

function frameName(frame: unknown): string | null {
  const method = obj(obj(frame)['method']);
  const name = str(method['name']);
  const type = str(obj(method['type'])['name']);
  if (name === null || type === null) return null;
  return `${stableClassName(type)}.${name}`;
}

function stackOf(values: Json): string[] {
  const frames = obj(values['stackTrace'])['frames'];
  if (!Array.isArray(frames)) return [];
  const names: string[] = [];
  for (const f of frames) {
    const n = frameName(f);
    if (n !== null) names.push(n);
  }
  return names;
}

function threadName(v: unknown): string {
  const t = obj(v);
  return str(t['javaName']) ?? str(t['osName']) ?? '?';
}

function className(v: unknown): string {
  const name = str(obj(v)['name']);
  return name === null ? '?' : stableClassName(name);
}

/** One event of `jfr print --json` → a ProfileEvent, or null for a type (or shape) not read. */
export function profileEvent(raw: unknown): ProfileEvent | null {
  const event = obj(raw);
  const type = str(event['type']);
  const values = obj(event['values']);
  const time = Date.parse(str(values['startTime']) ?? '');
  if (type === null || !Number.isFinite(time)) return null;
  if (type === 'jdk.GarbageCollection') {
    return {
      kind: 'gc',
      time,
      name: str(values['name']) ?? '?',
      cause: str(values['cause']) ?? '?',
      durationMs: durationMs(values['duration']),
      longestPauseMs: durationMs(values['longestPause']),
      sumOfPausesMs: durationMs(values['sumOfPauses']),
    };
  }
  const stack = stackOf(values);
  if (type === 'jdk.ExecutionSample') return { kind: 'cpu', time, thread: threadName(values['sampledThread']), stack };
  const thread = threadName(values['eventThread']);
  const duration = durationMs(values['duration']);
  switch (type) {
    case 'jdk.ObjectAllocationSample':
      return { kind: 'alloc', time, thread, stack, objectClass: className(values['objectClass']), bytes: num(values['weight']) };
    case 'jdk.JavaMonitorEnter': {
      const owner = values['previousOwner'];
      return { kind: 'monitor', time, thread, stack, lockClass: className(values['monitorClass']), durationMs: duration, previousOwner: owner ? threadName(owner) : null };
    }
    case 'jdk.ThreadPark':
      return { kind: 'park', time, thread, stack, lockClass: values['parkedClass'] ? className(values['parkedClass']) : '(no blocker)', durationMs: duration };
  }
  const operation = IO_TYPES[type];
  if (operation === undefined) return null;
  const path = str(values['path']);
  const host = str(values['host']) || str(values['address']);
  const target = path ?? (host ? `${host}:${num(values['port'])}` : '?');
  const bytes = num(values['bytesRead']) || num(values['bytesWritten']);
  return { kind: 'io', time, thread, stack, operation, target, durationMs: duration, bytes };
}
