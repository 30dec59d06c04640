/**
 * The Alerts pane as lines: sections Critical, Warning, Resolved (recent) and Scheduled
 * maintenance (on now and coming up); per alert since when, value vs threshold, host or
 * component, and who acked it, which silence or maintenance holds it. The detail of one alert:
 * its stored values around it with the threshold drawn, its summary, runbook and related alerts.
 */
import type { AlertBoard, BoardAlert } from '../../src/alerts/alert-board.js';
import { formatAlertValue } from '../../src/alerts/alert-rule.js';
import type { MaintenanceSpan } from '../../src/alerts/maintenance.js';
import { clockTime, formatDuration } from '../../src/format/units.js';
import { wrapWords } from '../../src/format/text.js';
import { lineChart } from '../components/chart.js';
import { style } from '../theme.js';

/** The alerts in the order the pane lists them (what the selection moves over). */
export function boardOrder(board: AlertBoard): BoardAlert[] {
  return [...board.critical, ...board.warning, ...board.resolved];
}

const ago = (ms: number) => (ms < 0 ? 'soon' : `${formatDuration(Math.round(ms / 1000))}`);

/** `93.3 ≥ 90`, or the value alone when the rule is not known. */
export function valueVsThreshold(a: Pick<BoardAlert, 'value' | 'op' | 'threshold'>): string {
  const value = a.value === null ? '—' : formatAlertValue(a.value);
  if (a.threshold === undefined || a.op === undefined) return value;
  const op = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' }[a.op];
  return `${value} ${op} ${formatAlertValue(a.threshold)}`;
}

function where(a: BoardAlert): string {
  const { host, component } = a.labels;
  return [component, host].filter(Boolean).join('@') || '—';
}

function marks(a: BoardAlert): string {
  return [
    a.state === 'pending' ? 'pending' : '',
    a.maintenance ? `maint. ${a.maintenance}` : '',
    a.ack ? `acked ${a.ack.by}${a.ack.note ? ` “${a.ack.note}”` : ''}` : '',
    a.silencedBy ? `silenced ${a.silencedBy}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** One alert row, `width` wide: since, rule, where, value vs threshold, marks. */
export function alertRow(a: BoardAlert, at: number, width: number, selected: boolean): string {
  const since = a.state === 'resolved' ? `ended ${ago(at - Date.parse(a.seen))} ago` : `${ago(at - Date.parse(a.state === 'firing' ? a.since : a.activeSince))}`;
  // At 80 columns the marks (ack, silence, maintenance) need the room more than the padding does.
  const [s, r, w, v] = width >= 120 ? [12, 22, 18, 14] : [7, 16, 7, 10];
  const cells = [`${selected ? '▶' : ' '} ${since.padEnd(s)}`, a.rule.padEnd(r), where(a).padEnd(w), valueVsThreshold(a).padEnd(v), marks(a)];
  const text = cells.join(' ').slice(0, width);
  return selected ? style.selected(text) : text;
}

function spanRow(s: MaintenanceSpan, at: number): string {
  const covers = s.hosts === null ? Object.entries(s.match).map(([k, v]) => `${k}=${v}`).join(' ') || 'every alert' : s.hosts.join(', ');
  const when = s.from <= at ? `on, ${s.to === Infinity ? 'until the run ends' : `ends in ${ago(s.to - at)} (${clockTime(s.to)})`}` : `in ${ago(s.from - at)} (${new Date(s.from).toISOString().slice(0, 16).replace('T', ' ')}), for ${ago(s.to - s.from)}`;
  return `  ${s.name.padEnd(30)} ${when.padEnd(44)} ${covers}`;
}

export interface BoardLines {
  lines: string[];
  /** The line of the selected alert (for scrolling it into view), or -1. */
  selectedLine: number;
}

export function boardLines(board: AlertBoard, selectedId: string | null, width: number): BoardLines {
  const lines: string[] = [];
  let selectedLine = -1;
  const section = (title: string, alerts: readonly BoardAlert[], empty: string) => {
    lines.push(style.bold(`${title} (${alerts.length})`));
    if (alerts.length === 0) lines.push(style.dim(`  ${empty}`));
    for (const a of alerts) {
      if (a.id === selectedId) selectedLine = lines.length;
      lines.push(alertRow(a, board.at, width, a.id === selectedId));
    }
  };
  section('Critical', board.critical, 'none firing');
  section('Warning', board.warning, 'none firing');
  section('Resolved (last 15 min)', board.resolved, 'none');
  lines.push(style.bold(`Scheduled maintenance (${board.maintenance.length} on, ${new Set(board.upcoming.map((s) => s.name)).size} coming up in 7 days)`));
  if (board.maintenance.length + board.upcoming.length === 0) lines.push(style.dim('  none on or in the next 7 days'));
  // The next occurrence of each window coming up (a daily window would fill the pane).
  const next = board.upcoming.filter((s, i) => board.upcoming.findIndex((o) => o.name === s.name) === i);
  const on = board.maintenance.filter((s, i) => board.maintenance.findIndex((o) => o.name === s.name) === i);
  for (const s of [...on, ...next]) lines.push(spanRow(s, board.at).slice(0, width));
  if (board.problem) lines.push(style.warn(board.problem));
  return { lines, selectedLine };
}

/** The detail of one alert: what it is, its chart with the threshold, runbook, related alerts. */
export function detailLines(a: BoardAlert, board: AlertBoard, series: { t: number[]; v: number[] } | null, width: number, height: number): string[] {
  const out: string[] = [];
  out.push(style.bold(`${a.rule} · ${a.severity} · ${a.state}${a.state === 'resolved' ? ` at ${clockTime(a.seen)}` : ` since ${clockTime(a.state === 'firing' ? a.since : a.activeSince)}`} · ${where(a)} · ${valueVsThreshold(a)}`));
  if (a.summary) out.push(...wrapWords(a.summary, width));
  const mark = marks(a);
  if (mark) out.push(mark);
  out.push(style.dim(Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' ')));
  const related = boardOrder(board).filter((b) => b.id !== a.id && ((a.labels['host'] && b.labels['host'] === a.labels['host']) || (a.labels['component'] && b.labels['component'] === a.labels['component'])));
  const footer = [
    ...(a.runbook ? wrapWords(`Runbook: ${a.runbook}`, width) : [style.dim('No runbook: add runbook: to the rule in the inventory.')]),
    style.bold(`Related (${related.length}, same host or component)`),
    ...related.slice(0, 4).map((b) => alertRow(b, board.at, width, false)),
  ];
  const chartHeight = Math.min(16, Math.max(0, height - out.length - footer.length - 1));
  if (series && chartHeight >= 3) {
    const finite = series.v.filter(Number.isFinite);
    const threshold = a.threshold ?? Number.NaN;
    const top = Math.max(...finite, Number.isFinite(threshold) ? threshold : 0);
    const bottom = Math.min(0, ...finite, Number.isFinite(threshold) ? threshold : 0);
    const label = Math.max(...[top, bottom, (top + bottom) / 3].map((v) => formatAlertValue(Number(v.toPrecision(3))).length));
    out.push(style.dim(`value (line) and threshold (red) from ${clockTime(series.t[0]!)} to ${clockTime(series.t.at(-1)!)}`));
    out.push(
      ...lineChart({
        series: [
          { values: series.v, color: 'cyan' },
          ...(Number.isFinite(threshold) ? [{ values: series.v.map(() => threshold), color: 'red' as const }] : []),
        ],
        width,
        height: chartHeight - 1,
        min: bottom,
        max: top > bottom ? top : bottom + 1,
        format: (v) => formatAlertValue(Number(v.toPrecision(3))).padStart(label),
      }),
    );
  }
  out.push(...footer);
  return out.slice(0, height);
}
