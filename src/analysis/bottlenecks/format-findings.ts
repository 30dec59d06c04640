/**
 * Findings as text lines of a given width: what `perfmon bottlenecks` prints and what the TUI's
 * Bottlenecks overlay shows (the same lines, so the two never disagree). Long lines wrap at
 * spaces under their label; a sparkline and a command are never broken.
 */
import { formatDuration, formatPercent } from '../../format/units.js';
import { padEnd, truncate, wrapWords } from '../../format/text.js';
import type { BottleneckReport, Evidence, Finding } from './finding.js';

const LABEL = 11;

function labelled(label: string, text: string, width: number): string[] {
  const room = Math.max(20, width - 3 - LABEL);
  return wrapWords(text, room).map((line, i) => `   ${padEnd(i === 0 ? label : '', LABEL)}${line}`);
}

function figure(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  if (unit === '%') return formatPercent(v);
  if (unit === 'ratio') return v.toFixed(2);
  const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${rounded.toLocaleString('en')} ${unit}`;
}

/** "CPU busy 96% (peak 100%), ≥80% for 100% of the window ▇▇██▇" */
export function evidenceText(e: Evidence, withSeries = true): string {
  const judged = e.threshold === null || e.shareAbove === null ? '' : `, ${e.unit === 'ratio' && e.threshold < 1 ? '≤' : '≥'}${figure(e.threshold, e.unit)} ${formatPercent(e.shareAbove * 100)} of the window`;
  return `${e.what} ${figure(e.mean, e.unit)} (peak ${figure(e.peak, e.unit)})${judged} ${e.sparkline}${withSeries ? `  [${e.series}]` : ''}`;
}

export function findingLines(f: Finding, rank: number, width: number, options: { culprits?: number; actions?: number; evidence?: number } = {}): string[] {
  const head = `${rank}. ${f.severity.toUpperCase()}  ${f.title}`;
  const lines = wrapWords(head, width - 1).map((l, i) => (i === 0 ? l : `   ${l}`));
  lines.push(...labelled('why', f.severityReason, width));
  for (const e of f.evidence.slice(0, options.evidence ?? 4)) lines.push(...labelled('evidence', evidenceText(e, width >= 120), width));
  const where = [`hosts ${f.hosts.join(', ')}`, ...(f.components.length ? [`on ${f.components.join(', ')}`] : []), ...(f.affects.length ? [`slows ${f.affects.join(', ')} (depends on it)`] : [])];
  lines.push(...labelled('affects', where.join(' · '), width));
  for (const c of f.culprits.slice(0, options.culprits ?? 3)) {
    const who = `${c.name}${c.pid !== null ? ` (pid ${c.pid})` : ''}${c.host ? ` on ${c.host}` : ''}`;
    lines.push(...labelled('culprit', `${who}: ${c.figure}`, width));
  }
  for (const a of f.actions.slice(0, options.actions ?? 4)) {
    const how = [a.key !== null ? `key ${a.key}` : '', a.command ?? ''].filter(Boolean).join(' · ');
    lines.push(...labelled('do', how ? `${a.what} — ${how}` : a.what, width));
  }
  return lines.map((l) => truncate(l, width));
}

export function reportHeading(report: BottleneckReport): string {
  const span = (Date.parse(report.to) - Date.parse(report.from)) / 1000;
  return `Bottlenecks over ${formatDuration(span)} up to ${report.to} (buckets of ${formatDuration(report.stepSeconds)}), ${report.hosts.length} hosts, from ${report.store}`;
}

export function formatReport(report: BottleneckReport, width = 120): string {
  const lines = [reportHeading(report), ''];
  if (report.findings.length === 0) lines.push(`No bottleneck: no resource was at or past its level for ${formatPercent(report.saturatedShare * 100)} of the window.`);
  report.findings.forEach((f, i) => lines.push(...findingLines(f, i + 1, width), ''));
  return `${lines.join('\n').trimEnd()}\n`;
}
