/**
 * The readable report of a profile (`perfmon profile`, `perfmon analyze FILE.jfr`, the Dumps
 * pane's profile view): one section per question — where the CPU goes, who allocates, which
 * locks are waited for, which I/O is slow, how long GC paused — each a small table. Pure.
 */
import { columnTable } from '../../format/text.js';
import { formatBytes, formatMillis } from '../../format/units.js';
import type { ProfileAnalysis } from './analyze-profile.js';

const pct = (n: number) => `${n.toFixed(1)}%`;

/** Sections in report order: [heading, body lines]. */
export function profileSections(a: ProfileAnalysis, paths = 3): Array<[string, string[]]> {
  const lines = (table: string) => table.trimEnd().split('\n');
  const sections: Array<[string, string[]]> = [];
  const cpu = a.cpu;
  sections.push([
    `CPU: ${cpu.samples} execution samples`,
    cpu.samples === 0
      ? ['no Java code ran on the CPU during the recording']
      : [
          ...lines(columnTable(['SELF', 'TOTAL', 'METHOD'], cpu.hotMethods.map((m) => [`${pct(m.selfPercent)} (${m.self})`, pct(m.totalPercent), m.method]))),
          '',
          'Hottest call paths (top frame first):',
          ...cpu.paths.slice(0, paths).flatMap((p) => [`  ${pct(p.percent)} (${p.samples} sample${p.samples === 1 ? "" : "s"})`, ...p.stack.slice(0, 8).map((f) => `      ${f}`), ...(p.stack.length > 8 ? ['      …'] : [])]),
          '',
          `Busiest threads: ${cpu.threads.slice(0, 5).map((t) => `${t.thread} ${pct(t.percent)}`).join(', ')}`,
        ],
  ]);
  const al = a.allocation;
  sections.push([
    `ALLOCATION: ${al.samples} samples standing for ${formatBytes(al.bytes)}`,
    al.samples === 0
      ? ['no allocation samples']
      : [
          ...lines(columnTable(['SHARE', 'BYTES', 'SITE', 'MOSTLY'], al.sites.map((s) => [pct(s.percent), formatBytes(s.bytes), s.method, s.topClass]))),
          '',
          `Classes: ${al.classes.slice(0, 5).map((c) => `${c.className} ${pct(c.percent)}`).join(', ')}`,
        ],
  ]);
  sections.push([
    `LOCK CONTENTION: ${a.locks.reduce((n, l) => n + l.events, 0)} waits`,
    a.locks.length === 0
      ? ['no thread waited for a lock (monitor enter or lock park) over the recording threshold']
      : lines(
          columnTable(
            ['WAITED', 'WAITS', 'LONGEST', 'LOCK', 'THREADS', 'WHERE'],
            a.locks.map((l) => [
              formatMillis(l.totalMs),
              String(l.events),
              formatMillis(l.maxMs),
              `${l.lock} (${l.kind === 'monitor' ? 'synchronized' : 'park'})`,
              l.threads
                .slice(0, 3)
                .map((t) => t.thread)
                .join(', ') + (l.threads.length > 3 ? ` +${l.threads.length - 3}` : ''),
              l.site ?? '?',
            ]),
          ),
        ),
  ]);
  sections.push([
    `SLOW I/O (calls of ${formatMillis(a.io.thresholdMs)} or more): ${a.io.slow.reduce((n, s) => n + s.events, 0)} calls`,
    a.io.slow.length === 0
      ? ['none']
      : lines(
          columnTable(
            ['TOTAL', 'CALLS', 'LONGEST', 'OPERATION', 'TARGET', 'BYTES', 'WHERE'],
            a.io.slow.map((s) => [formatMillis(s.totalMs), String(s.events), formatMillis(s.maxMs), s.operation, s.target, formatBytes(s.bytes), s.site ?? '?']),
          ),
        ),
  ]);
  const gc = a.gc;
  sections.push([
    `GC: ${gc.collections} collections, ${formatMillis(gc.pauseTotalMs)} paused in all, longest ${formatMillis(gc.longestPauseMs)}`,
    gc.collections === 0
      ? ['no collection during the recording']
      : [
          ...lines(columnTable(['COLLECTOR', 'COUNT', 'PAUSED', 'LONGEST'], gc.byName.map((g) => [g.name, String(g.count), formatMillis(g.pauseTotalMs), formatMillis(g.longestPauseMs)]))),
          `Longest pauses: ${gc.longest.map((g) => `${formatMillis(g.pauseMs)} ${g.name} (${g.cause})`).join(', ')}`,
        ],
  ]);
  return sections;
}

export function formatProfile(a: ProfileAnalysis): string {
  const head = `JFR PROFILE: ${a.source}${a.start ? `, ${a.start.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}, ${a.seconds.toFixed(1)}s of events` : ''}`;
  return `${[head, ...profileSections(a).map(([h, body]) => [h, ...body.map((l) => (l === '' ? '' : `  ${l}`))].join('\n'))].join('\n\n')}\n`;
}
