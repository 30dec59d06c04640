import type { JvmThread } from './thread-dump-types.js';

/*
 * The header line of one thread, in every form HotSpot has printed from JDK 8 to 25:
 *
 *   "main" #1 prio=5 os_prio=0 tid=0x00007f4c6c00a800 nid=0x1b03 waiting on condition [0x00007f4c75b4c000]   (8)
 *   "main" #1 prio=5 os_prio=0 cpu=37.25ms elapsed=0.24s tid=0x00007f28… nid=0x27df runnable  [0x00007f28…]   (11–18)
 *   "main" #3 [11034] prio=5 os_prio=0 cpu=33.91ms elapsed=0.41s tid=0x00007fca… nid=11034 runnable  [0x…]    (19+)
 *   "VM Thread" os_prio=0 cpu=0.59ms elapsed=0.22s tid=0x00007f28340f4430 nid=0x27e5 runnable                  (VM threads)
 *   "ForkJoinPool-1-worker-1" #33 [11228] daemon prio=5 os_prio=0 cpu=1.92ms elapsed=0.22s tid=0x…  [0x…]       (21+ carrier)
 *
 * The name is quoted but not escaped, so it runs to the last quote followed by a space. Then
 * come optional `#id`, `[os id]`, `daemon`, `key=value` tokens (unknown keys such as
 * `allocated=` from `Thread.print -e` are accepted), a free-text description and the
 * optional last known Java stack pointer in brackets.
 */
const HEADER = /^"(.*)"(?:\s+|$)(.*)$/;
const TAIL = /^(?:#(\d+)\s+)?(?:\[(\d+)\]\s+)?(?:(daemon)\s+)?((?:[a-z_]+=\S*\s*)*)(.*?)\s*(?:\[(0x[0-9a-fA-F]+)\])?\s*$/;

/**
 * Parses a thread header line into a thread with an empty stack (the lines below fill it);
 * returns the reason when the line is not a header.
 */
export function parseThreadHeader(line: string, lineNo: number): JvmThread | string {
  const head = HEADER.exec(line);
  const tail = head && TAIL.exec(head[2] ?? '');
  if (!head || !tail) return 'malformed thread header';
  const fields = new Map<string, string>();
  for (const token of (tail[4] ?? '').split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  // Every HotSpot header carries tid= or nid=; a line cut short before them is a truncated dump.
  if (!fields.has('tid') && !fields.has('nid')) return 'malformed thread header (no tid= or nid=)';
  const cpu = measure(fields.get('cpu'), 'ms');
  const elapsed = measure(fields.get('elapsed'), 's');
  const nid = osId(fields.get('nid'));
  const prio = integer(fields.get('prio'));
  const osPrio = integer(fields.get('os_prio'));
  for (const [value, key] of [[cpu, 'cpu'], [elapsed, 'elapsed'], [nid, 'nid'], [prio, 'prio'], [osPrio, 'os_prio']] as const) {
    if (Number.isNaN(value)) return `malformed ${key}= in thread header`;
  }
  // One object literal with every field: V8 keeps a single fast shape for all threads.
  return {
    name: head[1] ?? '',
    line: lineNo,
    id: tail[1] === undefined ? null : Number(tail[1]),
    osThreadId: tail[2] === undefined ? null : Number(tail[2]),
    daemon: tail[3] !== undefined,
    priority: prio,
    osPriority: osPrio,
    cpuMs: cpu,
    elapsedS: elapsed,
    tid: fields.get('tid')?.toLowerCase() ?? null,
    nid,
    description: tail[5] ?? '',
    state: null,
    stateDetail: null,
    frames: [],
    ownableSynchronizers: [],
    carriedVirtualThread: null,
    carrierFrames: [],
    notes: [],
  };
}

/** `37.25ms` → 37.25; absent → null; anything else → NaN. */
function measure(value: string | undefined, unit: string): number | null {
  if (value === undefined) return null;
  return value.endsWith(unit) ? decimal(value.slice(0, -unit.length)) : Number.NaN;
}

function decimal(value: string): number {
  return /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

function integer(value: string | undefined): number | null {
  if (value === undefined) return null;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** nid is hex (`0x27df`) before JDK 19 and decimal after. */
function osId(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (/^0x[0-9a-f]+$/i.test(value)) return Number.parseInt(value.slice(2), 16);
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}
