import { InputParseError, splitLines } from './parse-error.js';

/*
 * `jcmd PID GC.class_histogram` (and `jmap -histo`) output, JDK 8 to 25:
 *
 *   11370:
 *    num     #instances         #bytes  class name (module)
 *   -------------------------------------------------------
 *      1:         20000        1120000  GrowingCache$OrderSnapshot
 *      2:         21012         672384  java.util.HashMap$Node (java.base@25.0.3)
 *   …
 *   Total         89546        3741720
 *
 * Text before the column header and after the Total line is ignored; between them every line
 * must be a row, or InputParseError names it.
 */

export interface HistogramRow {
  rank: number;
  instances: number;
  bytes: number;
  /** JVM notation: `[B` is byte[], `[Ljava.lang.Object;` is Object[]. */
  className: string;
  /** `java.base@25.0.3` (JDK 9+); null for the class path. */
  module: string | null;
}

export interface ClassHistogram {
  /** The `PID:` line jcmd prints above it. */
  pid: number | null;
  rows: HistogramRow[];
  totalInstances: number;
  totalBytes: number;
}

const HEADER = /^\s*num\s+#instances\s+#bytes\s+class name/;
const RULE = /^-+\s*$/;
const ROW = /^\s*(\d+):\s+(\d+)\s+(\d+)\s+(\S+)(?:\s+\((.+)\))?\s*$/;
const TOTAL = /^Total\s+(\d+)\s+(\d+)\s*$/;
const PID = /^(\d+):\s*$/;

export function parseClassHistogram(text: string): ClassHistogram {
  const lines = splitLines(text);
  const start = lines.findIndex((l) => HEADER.test(l));
  if (start < 0) {
    throw new InputParseError(1, 'no class histogram found (expected the " num  #instances  #bytes  class name" header)', '');
  }
  const pidLine = lines.slice(0, start).reverse().find((l) => l.trim() !== '');
  const pid = pidLine && PID.exec(pidLine);
  const rows: HistogramRow[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const total = TOTAL.exec(line);
    if (total) {
      return { pid: pid ? Number(pid[1]) : null, rows, totalInstances: Number(total[1]), totalBytes: Number(total[2]) };
    }
    if (RULE.test(line) && i === start + 1) continue;
    const row = ROW.exec(line);
    if (!row) throw new InputParseError(i + 1, 'not a class histogram row', line);
    rows.push({
      rank: Number(row[1]),
      instances: Number(row[2]),
      bytes: Number(row[3]),
      className: row[4] ?? '',
      module: row[5] ?? null,
    });
  }
  throw new InputParseError(lines.length, `class histogram truncated: no "Total" line after the header at line ${start + 1}`, '');
}

/** The classes holding the most bytes. */
export function topClasses(histogram: ClassHistogram, count: number): HistogramRow[] {
  return [...histogram.rows].sort((a, b) => b.bytes - a.bytes).slice(0, count);
}

export interface ClassGrowth {
  className: string;
  module: string | null;
  instancesBefore: number;
  instancesAfter: number;
  instancesDelta: number;
  bytesBefore: number;
  bytesAfter: number;
  bytesDelta: number;
}

/**
 * What changed from one capture to a later one, largest growth in bytes first (then in
 * instances): in a leak, the class the leaking structure holds comes first. Classes of the
 * same name (several class loaders) are summed. Classes that shrank come last.
 */
export function diffClassHistograms(before: ClassHistogram, after: ClassHistogram): ClassGrowth[] {
  const sums = new Map<string, ClassGrowth>();
  const entry = (row: HistogramRow): ClassGrowth => {
    let growth = sums.get(row.className);
    if (!growth) {
      growth = { className: row.className, module: row.module, instancesBefore: 0, instancesAfter: 0, instancesDelta: 0, bytesBefore: 0, bytesAfter: 0, bytesDelta: 0 };
      sums.set(row.className, growth);
    }
    return growth;
  };
  for (const row of before.rows) {
    const growth = entry(row);
    growth.instancesBefore += row.instances;
    growth.bytesBefore += row.bytes;
  }
  for (const row of after.rows) {
    const growth = entry(row);
    growth.instancesAfter += row.instances;
    growth.bytesAfter += row.bytes;
  }
  for (const growth of sums.values()) {
    growth.instancesDelta = growth.instancesAfter - growth.instancesBefore;
    growth.bytesDelta = growth.bytesAfter - growth.bytesBefore;
  }
  return [...sums.values()].sort(
    (a, b) => b.bytesDelta - a.bytesDelta || b.instancesDelta - a.instancesDelta || a.className.localeCompare(b.className),
  );
}

/** `[B` → `byte[]`, `[Ljava.lang.String;` → `java.lang.String[]`: the JVM's names as Java writes them. */
export function javaClassName(name: string): string {
  const dims = /^\[+/.exec(name)?.[0].length ?? 0;
  if (dims === 0) return name;
  const element = name.slice(dims);
  const primitives: Record<string, string> = { B: 'byte', C: 'char', D: 'double', F: 'float', I: 'int', J: 'long', S: 'short', Z: 'boolean' };
  const base = element.startsWith('L') && element.endsWith(';') ? element.slice(1, -1) : (primitives[element] ?? element);
  return base + '[]'.repeat(dims);
}
