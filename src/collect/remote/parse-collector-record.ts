/**
 * Parses one framed record of the remote collector (collector-awk.ts) into the host snapshot's
 * fields. Pure; throws CollectorOutputError naming the line for anything it does not expect.
 *
 * Wire format (version 1). One line per item, a one-letter tag, space-separated numbers; text
 * that may hold spaces comes last, after tabs. Trailing numbers that are 0 are left out (an
 * idle disk is just `d sdb`). Percentages 0–100, kB where marked, rates per second.
 *
 *   B <seq>                                     begin
 *   H <proto> <hz> <pagesize> <cores> <hostname> <kernel>            hello (seq 0) only
 *   u <uptime s> <interval s>                   interval = what the rates cover
 *   l <load1> <load5> <load15>
 *   c <user> <system> <iowait> <steal>           all cores (busy = user + system + steal)
 *   C <u>,<s>,<w>,<st> <u>,<s>,<w>,<st> …       one group per core, in order, whole percents
 *   m <total> <available> <free> <cached> <buffers> <swapTotal> <swapFree>           kB
 *   d <dev> <r/s> <w/s> <rB/s> <wB/s> <util%> <queue> [<await ms>]   no await: nothing done
 *   n <iface> <rxB/s> <txB/s> <rxPk/s> <txPk/s> <rxErr> <txErr> <rxDrop> <txDrop>  (counts
 *                                               over the interval)
 *   r <TCP retransmits/s or ->
 *   t <11 TCP state counts, kernel order 01 ESTABLISHED … 0B CLOSING>    when the tick asked (s)
 *   P                                           a process list follows (and the JVM list)
 *   p <pid> <cpu% of a core> <rss kB> <state> <threads> [<storage I/O bytes/s>][\t<user>\t<comm>\t<args>]
 *                                               without the tabs: a process sent in full in one of
 *                                               the last PROCESS_LISTS_KEPT lists (same pid and
 *                                               start time); args over 512 bytes keep head and tail
 *   j <pid>\t<user>\t<main class or jar>
 *   F                                           a filesystem list follows
 *   f <size> <used> <available> <type>\t<device>\t<mount>                          kB
 *   D <s>                                       a df has been running this long
 *   x <text>                                    something the collector could not read
 *   E <seq> <bytes>                             end; bytes = length of the lines between
 */
import type {
  CpuTimes,
  DiskSnapshot,
  FilesystemSnapshot,
  HostSnapshot,
  JvmProcess,
  NetworkSnapshot,
  ProcessSnapshot,
  TcpSnapshot,
} from '../../model/host-snapshot.js';
import { emptyTcp } from '../../model/host-snapshot.js';
import { CollectorOutputError, excerptOf } from './collector-errors.js';

/** The snapshot fields a collector record provides; the caller adds name, status, error, time. */
export type HostSampleFields = Omit<HostSnapshot, 'name' | 'status' | 'error' | 'time'>;

export interface CollectorFacts {
  protocol: number;
  clockTicks: number;
  pageSize: number;
  cores: number;
  hostname: string;
  kernel: string;
}

export interface CollectorHello {
  kind: 'hello';
  seq: number;
  facts: CollectorFacts;
}

export interface CollectorSampleRecord {
  kind: 'sample';
  seq: number;
  /** Seconds the rates and interval counts cover. */
  interval: number;
  /** processes, jvms and filesystems are [] when the record does not carry them (see has*). */
  fields: HostSampleFields;
  hasProcesses: boolean;
  hasFilesystems: boolean;
  /** Whether tcp holds socket counts (else zeros; retransmits are always there). */
  hasTcpStates: boolean;
  /** Seconds a df has been running, when one is. */
  dfPendingSeconds: number | null;
  /** What the collector said it could not read. */
  warnings: string[];
}

export type CollectorRecord = CollectorHello | CollectorSampleRecord;

/** What a short `p` line leaves out. */
export type ProcessIdentity = Pick<ProcessSnapshot, 'user' | 'command' | 'args'>;

export interface ParseRecordOptions {
  /** Processes sent in full in the last lists, by pid: short `p` lines refer to them. */
  knownProcesses?: { get(pid: number): ProcessIdentity | undefined };
}

const NUMBER = /^\d{1,18}(?:\.\d{1,6})?$/;
const TCP_STATES = [
  'established', 'synSent', 'synRecv', 'finWait1', 'finWait2', 'timeWait',
  'close', 'closeWait', 'lastAck', 'listen', 'closing',
] as const;
const REQUIRED_LINES = ['u', 'l', 'c', 'm', 'r'];
const UNIQUE_LINES = new Set([...REQUIRED_LINES, 'C', 't', 'P', 'F', 'D']);

/** Text from the host as it may be shown: control characters (terminal escapes) replaced. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

class RecordLines {
  constructor(private readonly lines: readonly string[]) {}

  fail(reason: string, index: number): never {
    throw new CollectorOutputError(reason, { line: index + 1, excerpt: excerptOf(this.lines[index] ?? '') });
  }

  /** Numbers min..max from words, missing ones 0. */
  numbers(words: readonly string[], min: number, max: number, index: number): number[] {
    if (words.length < min || words.length > max) {
      this.fail(min === max ? `expected ${min} numbers` : `expected ${min} to ${max} numbers`, index);
    }
    const values = words.map((word) => {
      if (!NUMBER.test(word)) this.fail(`"${excerptOf(word)}" is not a number`, index);
      return Number(word);
    });
    while (values.length < max) values.push(0);
    return values;
  }

  /** The line split as `<words>\t<text>\t<text>…`, with exactly `texts` text parts (or none). */
  split(index: number, texts: number): { words: string[]; texts: string[] } {
    const [head = '', ...rest] = (this.lines[index] ?? '').split('\t');
    if (rest.length !== 0 && rest.length !== texts) this.fail(`expected ${texts} tab-separated texts`, index);
    return { words: head.split(' ').slice(1), texts: rest.map(clean) };
  }
}

function cpuTimes([user = 0, system = 0, iowait = 0, steal = 0]: readonly number[]): CpuTimes {
  // busy is everything but idle and iowait: rounded to the wire's tenths to shed float noise,
  // and never over 100 (three parts each rounded on the wire can add up to 100.1)
  return { usage: Math.min(100, Math.round((user + system + steal) * 10) / 10), user, system, iowait, steal };
}

/** Checks the B/E frame; returns the body lines and the sequence number. */
function unframe(text: string): { seq: number; body: string[]; lines: RecordLines } {
  const all = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const lines: RecordLines = new RecordLines(all);
  const begin = /^B (\d{1,15})$/.exec(all[0] ?? '');
  if (!begin) lines.fail('a record starts with "B <seq>"', 0);
  const seq = Number(begin[1]);
  const last = all.length - 1;
  const end = /^E (\d{1,15}) (\d{1,15})$/.exec(all[last] ?? '');
  if (last < 1 || !end) lines.fail('a record ends with "E <seq> <bytes>" (cut short?)', last);
  if (Number(end[1]) !== seq) lines.fail(`end line does not match record ${seq}`, last);
  const body = all.slice(1, last);
  const bytes = body.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  if (Number(end[2]) !== bytes) lines.fail(`record announces ${end[2]} bytes but carries ${bytes}`, last);
  return { seq, body, lines };
}

export function parseCollectorRecord(text: string, options: ParseRecordOptions = {}): CollectorRecord {
  const { seq, body } = unframe(text);
  try {
    if (body[0]?.startsWith('H ')) return parseHello(seq, body);
    return parseSample(seq, body, options);
  } catch (error) {
    // line numbers inside the record count its B line
    if (error instanceof CollectorOutputError) {
      throw new CollectorOutputError(error.reason, {
        line: error.line === undefined ? undefined : error.line + 1,
        excerpt: error.excerpt,
        seq,
      });
    }
    throw error;
  }
}

function parseHello(seq: number, body: readonly string[]): CollectorHello {
  const lines: RecordLines = new RecordLines(body);
  if (body.length !== 1) lines.fail('a hello record holds one H line', 1);
  const words = (body[0] ?? '').split(' ');
  if (words.length !== 7) lines.fail('expected H <proto> <hz> <pagesize> <cores> <hostname> <kernel>', 0);
  const [protocol = 0, clockTicks = 0, pageSize = 0, cores = 0] = lines.numbers(words.slice(1, 5), 4, 4, 0);
  if (protocol !== 1) lines.fail(`unknown collector protocol ${protocol}`, 0);
  const facts = { protocol, clockTicks, pageSize, cores, hostname: clean(words[5] ?? ''), kernel: clean(words[6] ?? '') };
  return { kind: 'hello', seq, facts };
}

function parseSample(seq: number, body: readonly string[], options: ParseRecordOptions): CollectorSampleRecord {
  const lines: RecordLines = new RecordLines(body);
  const known = options.knownProcesses ?? new Map<number, ProcessIdentity>();
  const seen = new Set<string>();
  const perCore: CpuTimes[] = [];
  const disks: DiskSnapshot[] = [];
  const network: NetworkSnapshot[] = [];
  const processes: ProcessSnapshot[] = [];
  const jvms: JvmProcess[] = [];
  const filesystems: FilesystemSnapshot[] = [];
  const warnings: string[] = [];
  let times = { uptime: 0, interval: 0 };
  let load: [number, number, number] = [0, 0, 0];
  let cpu = cpuTimes([]);
  let memoryKb: number[] = [];
  let tcp: Omit<TcpSnapshot, 'retransmitsPerSec'> = emptyTcp();
  let retransmitsPerSec: number | null = null;
  let section = '';
  let dfPendingSeconds: number | null = null;

  for (const [i, line] of body.entries()) {
    const tag = line[0] ?? '';
    if (line.length > 1 && line[1] !== ' ') lines.fail('unexpected line', i);
    if (UNIQUE_LINES.has(tag)) {
      if (seen.has(tag)) lines.fail(`a second "${tag}" line`, i);
      seen.add(tag);
    }
    const words = line.split(' ').slice(1);
    if (tag === 'u') {
      const [uptime = 0, interval = 0] = lines.numbers(words, 2, 2, i);
      times = { uptime, interval };
    } else if (tag === 'l') {
      const [a = 0, b = 0, c = 0] = lines.numbers(words, 3, 3, i);
      load = [a, b, c];
    } else if (tag === 'c') cpu = cpuTimes(lines.numbers(words, 0, 4, i));
    else if (tag === 'C') {
      for (const group of words) perCore.push(cpuTimes(lines.numbers(group.split(','), 1, 4, i)));
    }
    else if (tag === 'm') memoryKb = lines.numbers(words, 0, 7, i);
    else if (tag === 'd') disks.push(parseDisk(words, lines, i));
    else if (tag === 'n') network.push(parseNetwork(words, lines, i));
    else if (tag === 't') tcp = parseTcpStates(words, lines, i);
    else if (tag === 'r') [retransmitsPerSec = null] = words[0] === '-' && words.length === 1 ? [] : lines.numbers(words, 1, 1, i);
    else if (tag === 'P' || tag === 'F') {
      if (words.length > 0) lines.fail('unexpected words', i);
      section = tag;
    } else if (tag === 'p') {
      if (section !== 'P') lines.fail('a process line outside the process list', i);
      processes.push(parseProcess(lines, i, known));
    } else if (tag === 'j') {
      if (section !== 'P') lines.fail('a JVM line outside the process list', i);
      jvms.push(parseJvm(lines, i));
    } else if (tag === 'f') {
      if (section !== 'F') lines.fail('a filesystem line outside the filesystem list', i);
      filesystems.push(parseFilesystem(lines, i));
    } else if (tag === 'D') [dfPendingSeconds = 0] = lines.numbers(words, 1, 1, i);
    else if (tag === 'x') warnings.push(clean(line.slice(2)));
    else lines.fail('unexpected line', i);
  }

  for (const tag of REQUIRED_LINES) if (!seen.has(tag)) lines.fail(`the record lacks its "${tag}" line`, body.length);
  const [total = 0, available = 0, free = 0, cached = 0, buffers = 0, swapTotal = 0, swapFree = 0] = memoryKb.map(
    (kb) => kb * 1024,
  );
  for (const p of processes) p.memory = total > 0 ? Math.round((p.rss * 1000) / total) / 10 : 0;
  return {
    kind: 'sample',
    seq,
    interval: times.interval,
    fields: {
      uptime: times.uptime,
      cpu: { ...cpu, cores: perCore.length, perCore },
      load,
      memory: {
        total,
        available,
        used: Math.max(0, total - available),
        free,
        cached,
        buffers,
        swapTotal,
        swapUsed: Math.max(0, swapTotal - swapFree),
      },
      disks,
      filesystems,
      network,
      tcp: { ...tcp, retransmitsPerSec },
      processes,
      jvms,
    },
    hasProcesses: seen.has('P'),
    hasFilesystems: seen.has('F'),
    hasTcpStates: seen.has('t'),
    dfPendingSeconds,
    warnings,
  };
}

function parseDisk(words: readonly string[], lines: RecordLines, i: number): DiskSnapshot {
  const [device = '', ...rest] = words;
  if (device === '') lines.fail('a disk line without a device', i);
  const v = lines.numbers(rest, 0, 7, i);
  return {
    device: clean(device),
    readIops: v[0] ?? 0,
    writeIops: v[1] ?? 0,
    readBytesPerSec: v[2] ?? 0,
    writeBytesPerSec: v[3] ?? 0,
    utilisation: v[4] ?? 0,
    queueLength: v[5] ?? 0,
    awaitMs: rest.length >= 7 ? (v[6] ?? 0) : null,
  };
}

function parseNetwork(words: readonly string[], lines: RecordLines, i: number): NetworkSnapshot {
  const [iface = '', ...rest] = words;
  if (iface === '') lines.fail('a network line without an interface', i);
  const [rxB = 0, txB = 0, rxP = 0, txP = 0, rxE = 0, txE = 0, rxD = 0, txD = 0] = lines.numbers(rest, 0, 8, i);
  return {
    iface: clean(iface),
    rxBytesPerSec: rxB,
    txBytesPerSec: txB,
    rxPacketsPerSec: rxP,
    txPacketsPerSec: txP,
    rxErrors: rxE,
    txErrors: txE,
    rxDrops: rxD,
    txDrops: txD,
  };
}

function parseTcpStates(words: readonly string[], lines: RecordLines, i: number): Omit<TcpSnapshot, 'retransmitsPerSec'> {
  const counts = lines.numbers(words, 0, TCP_STATES.length, i);
  return Object.fromEntries(TCP_STATES.map((state, k) => [state, counts[k] ?? 0])) as Omit<TcpSnapshot, 'retransmitsPerSec'>;
}

function parseProcess(lines: RecordLines, i: number, known: Required<ParseRecordOptions>['knownProcesses']): ProcessSnapshot {
  const { words, texts } = lines.split(i, 3);
  const [pidWord = '', cpuWord = '', rssWord = '', state = '', threadsWord = '', ioWord] = words;
  if (words.length !== 5 && words.length !== 6) lines.fail('expected p <pid> <cpu> <rss> <state> <threads> [<io bytes/s>]', i);
  const [pid = 0, cpu = 0, rssKb = 0, threads = 0, ioRate = 0] = lines.numbers([pidWord, cpuWord, rssWord, threadsWord, ...(ioWord === undefined ? [] : [ioWord])], 4, 5, i);
  const io = ioWord === undefined ? undefined : ioRate;
  if (!/^[A-Za-z]$/.test(state)) lines.fail(`"${excerptOf(state)}" is not a process state`, i);
  const { user, command, args } =
    texts.length === 3
      ? { user: texts[0] ?? '', command: texts[1] ?? '', args: texts[2] ?? '' }
      : (known.get(pid) ?? lines.fail(`process ${pid} is sent short but is not known from earlier lists`, i));
  return { pid, user, command, args, cpu, rss: rssKb * 1024, memory: 0, state, threads, ...(io === undefined ? {} : { ioBytesPerSec: io }) };
}

function parseJvm(lines: RecordLines, i: number): JvmProcess {
  const { words, texts } = lines.split(i, 2);
  if (texts.length !== 2) lines.fail('expected j <pid>\\t<user>\\t<main class>', i);
  const [pid = 0] = lines.numbers(words, 1, 1, i);
  return { pid, user: texts[0] ?? '', mainClass: texts[1] ?? '' };
}

function parseFilesystem(lines: RecordLines, i: number): FilesystemSnapshot {
  const { words, texts } = lines.split(i, 2);
  if (words.length !== 4 || texts.length !== 2) lines.fail('expected f <size> <used> <available> <type>\\t<device>\\t<mount>', i);
  const [size = 0, used = 0, available = 0] = lines.numbers(words.slice(0, 3), 3, 3, i);
  return { mount: texts[1] ?? '', device: texts[0] ?? '', type: clean(words[3] ?? ''), size: size * 1024, used: used * 1024, available: available * 1024 };
}
