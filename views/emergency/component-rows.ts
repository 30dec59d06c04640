/**
 * The components as the emergency pane lists them: role, hosts, dependencies (both ways),
 * and health from the health watch — where a host is down or still connecting, that is what
 * its health says (not a failed check), so the operator sees why.
 */
import { wrapWords } from '../../src/format/text.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { componentHosts, maxUnavailableCount } from '../../src/config/inventory-queries.js';
import { formatDuration } from '../../src/format/units.js';
import type { HostHealthReading } from '../../src/model/platform-state.js';
import type { HostState } from '../../src/model/store.js';
import type { HostNow } from '../../src/procedures/availability.js';
import type { ComponentHealthMap } from '../../src/procedures/component-health-watch.js';
import type { GateNow } from '../../src/procedures/recovery-check.js';
import { downSummary } from '../components/down-summary.js';
import type { Column } from '../components/table.js';
import { style } from '../theme.js';

/** drained: the check passes, but a stopped run may have left the host out of the load balancer. */
export type HealthMark = 'ok' | 'drained' | 'failing' | 'down' | 'waiting' | 'none';

export interface HostHealthRow {
  host: string;
  mark: HealthMark;
  /** The check's output, why the host is down, or what is awaited. */
  text: string;
  /** When the check ran (ms since the epoch). */
  time: number | undefined;
  /** Why the host may still be drained (a stopped run's journal), or undefined. */
  drained: string | undefined;
}

export interface ComponentRow {
  name: string;
  role: string;
  description: string | undefined;
  priority: number;
  dependsOn: readonly string[];
  neededBy: string[];
  hosts: HostHealthRow[];
  hasHealth: boolean;
  /** Why it cannot be restarted, or undefined. */
  notRestartable: string | undefined;
  /** The restart steps: drain → restart → wait healthy → undrain. */
  flow: string;
  maxUnavailable: number;
  controls: readonly { name: string; type: string }[];
  /** The inventory's runbook: where it is, what to do first, its named commands. */
  runbook: { url: string | undefined; text: string | undefined; commands: readonly { name: string; changes: boolean }[] } | undefined;
  mark: HealthMark;
}

function checkHealth(reading: HostHealthReading | undefined, state: HostState | undefined, hasHealth: boolean, now: number): Omit<HostHealthRow, 'host' | 'drained'> {
  if (state?.status === 'down') return { mark: 'down', text: downSummary(state, now), time: undefined };
  if (state?.status === 'connecting') return { mark: 'waiting', text: 'connecting…', time: undefined };
  if (!hasHealth) return { mark: 'none', text: 'no health check configured', time: undefined };
  if (reading === undefined) return { mark: 'waiting', text: 'waiting for the first check', time: undefined };
  return { mark: reading.ok ? 'ok' : 'failing', text: reading.output, time: reading.time };
}

function hostHealth(host: string, reading: HostHealthReading | undefined, state: HostState | undefined, hasHealth: boolean, now: number, drained: string | undefined): HostHealthRow {
  const health = checkHealth(reading, state, hasHealth, now);
  return { host, ...health, mark: health.mark === 'ok' && drained !== undefined ? 'drained' : health.mark, drained };
}

/** The worst of the hosts: down or failing first, then waiting, then ok. */
function worst(marks: readonly HealthMark[]): HealthMark {
  for (const mark of ['down', 'failing', 'drained', 'waiting', 'ok'] as const) if (marks.includes(mark)) return mark;
  return 'none';
}

function restartFlow(component: Inventory['components'][number]): { flow: string; why: string | undefined } {
  const restart = component.restart !== undefined ? ['restart'] : component.stop !== undefined && component.start !== undefined ? ['stop', 'start'] : [];
  const flow = [...(component.drain ? ['drain'] : []), ...restart, 'wait healthy', ...(component.undrain ? ['undrain'] : [])].join(' → ');
  if (component.health === undefined) return { flow, why: 'no health check: a rolling restart could not tell when a host is back' };
  if (restart.length === 0) return { flow, why: 'no restart command (set restart, or stop and start)' };
  return { flow, why: undefined };
}

/**
 * `drained`: per component, hosts a stopped run may have left drained (RunDesk reads them from
 * the journals); such a host is not counted ok even when its check passes.
 */
export function componentRows(
  inventory: Inventory,
  health: ComponentHealthMap | undefined,
  hosts: readonly HostState[],
  now = Date.now(),
  drained: Readonly<Record<string, ReadonlyMap<string, string>>> = {},
): ComponentRow[] {
  return inventory.components.map((component) => {
    const names = componentHosts(inventory, component).map((h) => h.name);
    const readings = health?.[component.name] ?? [];
    const hasHealth = component.health !== undefined;
    const hostRows = names.map((name) =>
      hostHealth(
        name,
        readings.find((r) => r.host === name),
        hosts.find((h) => h.name === name),
        hasHealth,
        now,
        drained[component.name]?.get(name),
      ),
    );
    const { flow, why } = restartFlow(component);
    return {
      name: component.name,
      role: component.role,
      description: component.description,
      priority: component.priority,
      dependsOn: component.dependsOn,
      neededBy: inventory.components.filter((c) => c.dependsOn.includes(component.name)).map((c) => c.name),
      hosts: hostRows,
      hasHealth,
      notRestartable: names.length === 0 ? 'it runs on no host of the inventory' : why,
      flow,
      maxUnavailable: maxUnavailableCount(component, names.length),
      controls: component.controls.map((c) => ({ name: c.name, type: c.type })),
      runbook: component.runbook && { url: component.runbook.url, text: component.runbook.text, commands: component.runbook.commands.map((c) => ({ name: c.name, changes: c.changes })) },
      mark: hasHealth ? worst(hostRows.map((h) => h.mark)) : hostRows.some((h) => h.mark === 'down') ? 'down' : 'none',
    };
  });
}

export const MARKS: Record<HealthMark, { symbol: string; paint: (text: string) => string }> = {
  ok: { symbol: '●', paint: style.good },
  drained: { symbol: '◐', paint: style.warn },
  failing: { symbol: '✖', paint: style.bad },
  down: { symbol: '✖', paint: style.bad },
  waiting: { symbol: '…', paint: style.dim },
  none: { symbol: '-', paint: style.dim },
};

function healthCell(row: ComponentRow): string {
  if (!row.hasHealth) return 'no check';
  const ok = row.hosts.filter((h) => h.mark === 'ok').length;
  const drained = row.hosts.filter((h) => h.drained !== undefined).length;
  const down = row.hosts.filter((h) => h.mark === 'down').length;
  return `${ok}/${row.hosts.length} ok${drained > 0 ? ` ${drained} drained` : ''}${down > 0 ? ` ${down} down` : ''}`;
}

export function componentColumns(): Column<ComponentRow>[] {
  return [
    { header: '', width: 1, priority: 10, cell: (r) => ({ text: MARKS[r.mark].symbol, paint: MARKS[r.mark].paint }) },
    { header: 'COMPONENT', width: 12, flex: true, maxWidth: 28, priority: 10, cell: (r) => r.name },
    { header: 'HEALTH', width: 16, priority: 9, cell: (r) => ({ text: healthCell(r), paint: MARKS[r.mark].paint }) },
    { header: 'ROLE', width: 12, priority: 6, cell: (r) => r.role },
    { header: 'DEPENDS ON', width: 16, priority: 7, cell: (r) => (r.dependsOn.length > 0 ? r.dependsOn.join(',') : '-') },
    { header: 'HOSTS', width: 24, priority: 5, cell: (r) => r.hosts.map((h) => h.host).join(' ') },
    { header: 'PRI', width: 3, align: 'right', priority: 4, cell: (r) => String(r.priority) },
    { header: 'CTRL', width: 4, align: 'right', priority: 3, cell: (r) => (r.controls.length > 0 ? String(r.controls.length) : '-') },
  ];
}

/** The selected component in detail: dependencies, how it restarts, each host's health. */
export function componentDetailLines(row: ComponentRow, batch: number, refusal: string | undefined, width: number, now = Date.now()): string[] {
  const deps = `depends on ${row.dependsOn.length > 0 ? row.dependsOn.join(', ') : 'nothing'}; needed by ${row.neededBy.length > 0 ? row.neededBy.join(', ') : 'nothing'}`;
  const restart =
    row.notRestartable !== undefined
      ? `cannot be restarted: ${row.notRestartable}`
      : `restart: ${row.flow}; ${batch} host${batch === 1 ? '' : 's'} at a time (up to ${row.maxUnavailable})${refusal === undefined ? '' : ` — ${refusal}`}`;
  return [
    style.title(`${row.name} (${row.role}), priority ${row.priority}`) + (row.description ? style.dim(`  ${row.description}`) : ''),
    // Explanations wrap at words: a refusal cut off mid-sentence reads as something else.
    ...wrapWords(deps, width),
    ...wrapWords(restart, width),
    ...row.hosts.flatMap((h) => {
      const mark = MARKS[h.mark];
      const age = h.time === undefined ? '' : style.dim(` (${formatDuration((now - h.time) / 1000)} ago)`);
      // Under the host, whole: the run id is what the operator resumes or undrains by.
      const drained = h.drained === undefined ? [] : wrapWords(h.drained, width - 4).map((line) => `    ${style.warn(line)}`);
      return [`${mark.paint(mark.symbol)} ${h.host}  ${h.mark === 'ok' || h.mark === 'drained' ? h.text : mark.paint(h.text)}${age}`, ...drained];
    }),
    ...(row.controls.length > 0 ? [`controls: ${row.controls.map((c) => `${c.name} (${c.type})`).join(', ')} — v to the controls view`] : []),
    ...runbookLines(row, width),
  ];
}

/** The runbook in the detail: its URL whole (to copy), its text at words, its commands (`:` and the name runs one). */
export function runbookLines(row: Pick<ComponentRow, 'runbook'>, width: number): string[] {
  const runbook = row.runbook;
  if (runbook === undefined) return [];
  const commands = runbook.commands.map((c) => `${c.name}${c.changes ? ' (changes hosts)' : ''}`);
  return [
    `${style.bold('runbook')}${runbook.url ? ` ${runbook.url}` : ''}`,
    ...(runbook.text ? runbook.text.trimEnd().split('\n').flatMap((line) => wrapWords(line, width - 2).map((l) => `  ${l}`)) : []),
    ...(commands.length > 0 ? wrapWords(`runbook commands: ${commands.join(', ')} — : and the name runs one`, width) : []),
  ];
}

/**
 * A component's hosts as shown, for the procedures' checks: anything but a passing check (down,
 * failing, not checked yet) is unhealthy; the procedures add the drained hosts themselves.
 */
export function healthNow(row: ComponentRow): HostNow[] {
  return row.hosts.map((h) => ({ host: h.host, ok: h.mark === 'ok' || h.mark === 'drained', output: h.text }));
}

/** Every component's hosts as shown, with the down ones marked, for the recovery check. */
export function gatesNow(rows: readonly ComponentRow[]): GateNow[] {
  return rows.flatMap((row) => healthNow(row).map((h, i) => ({ ...h, component: row.name, down: row.hosts[i]!.mark === 'down' })));
}
