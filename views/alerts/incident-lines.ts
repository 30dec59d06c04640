/** The incidents view as lines: each incident's title, state, time to ack and to resolve, and its timeline. */
import type { Incident } from '../../src/alerts/incidents.js';
import { clockTime, formatDuration } from '../../src/format/units.js';
import { style } from '../theme.js';

const span = (ms: number | null) => (ms === null ? '—' : formatDuration(Math.round(ms / 1000)));

export function incidentLines(incidents: readonly Incident[] | null, problem: string | null, at: number, width: number, height: number): string[] {
  const out = [`${style.title('Incidents')}${style.dim(' · the last 24 h · i or Esc: the alerts')}`];
  if (problem) return [...out, problem];
  if (!incidents) return [...out, 'reading the incidents…'];
  if (incidents.length === 0) return [...out, style.dim('no alert fired in the last 24 hours')];
  for (const i of incidents) {
    if (out.length >= height) break;
    const state = i.end === null ? style.bad(`OPEN ${span(at - i.start)}`) : `resolved after ${span(i.timeToResolveMs)}`;
    out.push(`${style.bold(i.title)}`.slice(0, width + 20));
    out.push(`  ${i.severity} · since ${clockTime(i.start)} · ${state} · time to ack ${span(i.timeToAckMs)} · ${i.alerts.length} alert${i.alerts.length === 1 ? '' : 's'}`);
    for (const e of i.timeline.slice(-Math.max(1, Math.min(8, height - out.length - 1)))) out.push(`    ${clockTime(e.t)} ${e.kind.padEnd(8)} ${e.text}`.slice(0, width));
  }
  return out.slice(0, height);
}
