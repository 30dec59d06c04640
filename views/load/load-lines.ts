/**
 * The Load pane's lines: the run on the left (requests/s against the level asked, latency
 * percentiles, errors and checks, the generator's own trouble, the last seconds), the target
 * hosts on the right (CPU, memory, load, JVM GC and heap, queue depth), side by side when the
 * terminal is wide enough and one above the other when it is not. Pure: tested without Ink.
 */
import type { LiveRun } from '../../src/load/live-run.js';
import type { SecondFigures } from '../../src/load/load-summary.js';
import { columnTable, padEnd, truncate } from '../../src/format/text.js';
import { formatCount, formatDuration, formatMillis, formatPercent } from '../../src/format/units.js';
import { analyseRun } from '../../src/load/run-analysis.js';
import type { HostState } from '../../src/model/store.js';
import type { PlatformState } from '../../src/model/platform-state.js';
import { sparkline } from '../components/sparkline.js';

/** Wide enough for the two blocks side by side. */
const SIDE_BY_SIDE = 120;

export interface TargetHostRow {
  name: string;
  status: string;
  cpu: number | null;
  cpuTrend: readonly number[];
  memory: number | null;
  load1: number | null;
  /** The busiest JVM's GC time share on the host, %. */
  gcPercent: number | null;
  heapPercent: number | null;
  /** Sum of the queue depths the host reports. */
  queueDepth: number | null;
}

/** The hosts the run's targets name (by host name), else every host: what to watch beside the run. */
export function targetHosts(hosts: readonly HostState[], platform: PlatformState, targets: readonly string[]): { rows: TargetHostRow[]; matched: boolean } {
  const names = new Set(targets.map((target) => { try { return new URL(target).hostname; } catch { return target; } }));
  const named = hosts.filter((host) => names.has(host.name));
  const chosen = named.length > 0 ? named : hosts;
  const rows = chosen.map((host): TargetHostRow => {
    const snapshot = host.snapshot;
    const jvms = platform.jvms?.find((reading) => reading.host === host.name)?.jvms ?? [];
    const gc = jvms.map((jvm) => jvm.gc?.timePercent).filter((v): v is number => typeof v === 'number');
    const heap = jvms.map((jvm) => (jvm.heap && jvm.heap.max ? (100 * jvm.heap.used) / jvm.heap.max : null)).filter((v): v is number => v !== null);
    const depths = (platform.queues?.queues ?? []).filter((queue) => queue.host === host.name).map((queue) => queue.depth).filter((v): v is number => v !== null);
    return {
      name: host.name,
      status: host.status,
      cpu: snapshot?.cpu.usage ?? null,
      cpuTrend: host.series.cpu.tail(60),
      memory: snapshot && snapshot.memory.total > 0 ? (100 * (snapshot.memory.total - snapshot.memory.available)) / snapshot.memory.total : null,
      load1: snapshot?.load?.[0] ?? null,
      gcPercent: gc.length > 0 ? Math.max(...gc) : null,
      heapPercent: heap.length > 0 ? Math.max(...heap) : null,
      queueDepth: depths.length > 0 ? depths.reduce((sum, d) => sum + d, 0) : null,
    };
  });
  return { rows, matched: named.length > 0 };
}

const orDash = (value: number | null, text: (v: number) => string): string => (value === null ? '—' : text(value));

function hostLines(hosts: { rows: TargetHostRow[]; matched: boolean }, width: number, room: number): string[] {
  const title = hosts.matched ? 'Target hosts' : hosts.rows.length === 0 ? 'Hosts: none watched (perfmon --config INVENTORY shows them here)' : 'Hosts (no host is named like the targets: all shown)';
  const trend = Math.max(0, Math.min(30, width - 62));
  const rows = hosts.rows.slice(0, Math.max(0, room - 2)).map((row) => [
    row.name,
    row.status === 'up' ? orDash(row.cpu, formatPercent) : row.status.toUpperCase(),
    ...(trend > 0 ? [sparkline(row.cpuTrend, trend, 100)] : []),
    orDash(row.memory, formatPercent),
    orDash(row.load1, (v) => v.toFixed(2)),
    orDash(row.gcPercent, formatPercent),
    orDash(row.heapPercent, formatPercent),
    orDash(row.queueDepth, formatCount),
  ]);
  const header = ['host', 'CPU', ...(trend > 0 ? [padEnd('CPU last 60s', trend)] : []), 'mem', 'load', 'GC', 'heap', 'queued'];
  const table = rows.length === 0 ? [] : columnTable(header, rows).trimEnd().split('\n');
  const more = hosts.rows.length > rows.length ? [`… ${hosts.rows.length - rows.length} more hosts`] : [];
  return [title, ...table, ...more].map((line) => truncate(line, width));
}

function levelText(run: LiveRun, level: number): string {
  return run.model === 'open' ? `${formatCount(level)}/s asked` : `${formatCount(level)} user${level === 1 ? '' : 's'}`;
}

function runLines(run: LiveRun, ended: boolean, width: number, room: number): string[] {
  const seconds = run.seconds;
  const last: SecondFigures | undefined = seconds.at(-1);
  const elapsed = last?.second ?? 0;
  const state = ended ? 'ENDED' : run.stopping ? 'STOPPING' : 'running';
  const chart = Math.max(10, Math.min(60, width - 34));
  const rps = seconds.map((s) => s.rps);
  const p99 = seconds.map((s) => s.latency.p99);
  const errors = seconds.reduce((sum, s) => sum + s.errors, 0);
  const requests = seconds.reduce((sum, s) => sum + s.rps, 0);
  const checks = seconds.reduce((sum, s) => ({ passed: sum.passed + s.checksPassed, total: sum.total + s.checksTotal }), { passed: 0, total: 0 });
  const generator = seconds.reduce((sum, s) => ({ dropped: sum.dropped + s.dropped, late: sum.late + s.late }), { dropped: 0, late: 0 });
  const head = [
    `Load test ${run.scenario} (${run.model} model, pid ${run.pid}) ${state} — ${formatDuration(elapsed)} of ${formatDuration(run.durationSeconds)}, peak ${levelText(run, run.peak)}`,
    `targets ${run.targets.join(', ')}`,
  ];
  if (last === undefined) return [...head, 'Starting: the first second’s figures come within a second.'].map((line) => truncate(line, width));
  const figures = [
    `req/s  ${sparkline(rps, chart)} ${formatCount(last.rps)} (${levelText(run, last.level)})`,
    `p99    ${sparkline(p99, chart)} ${formatMillis(last.latency.p99)}  p50 ${formatMillis(last.latency.p50)}  p90 ${formatMillis(last.latency.p90)}  max ${formatMillis(last.latency.max)}`,
    `errors ${formatCount(errors)} of ${formatCount(requests)} (${requests === 0 ? '0%' : formatPercent((100 * errors) / requests)})  checks ${checks.total === 0 ? '—' : formatPercent((100 * checks.passed) / checks.total)}  in flight ${last.inFlight}` +
      (run.model === 'open' ? `  dropped ${generator.dropped}  late ${generator.late}${generator.dropped + generator.late > 0 ? ' (the generator could not keep up)' : ''}` : ''),
  ];
  // The steps held so far (the analyzer over the seconds in): where the knee is, once one breaks.
  const analysis = analyseRun({ model: run.model, stages: run.stages, thresholds: run.thresholds ?? [], seconds });
  if (analysis.note === undefined) {
    const unit = (level: number) => (run.model === 'open' ? `${formatCount(level)}/s` : `${formatCount(level)} users`);
    const held = analysis.steps.filter((step) => step.broke === null).map((step) => unit(step.level));
    figures.push(
      analysis.knee === null
        ? `steps held so far: ${held.join(', ')}`
        : `KNEE at ${unit(analysis.knee.level)}${analysis.sustainable === null ? '' : ` (sustainable ${analysis.sustainable.rps.toFixed(1)} req/s)`}: ${analysis.knee.broke}`,
    );
  }
  const tableRoom = Math.max(0, room - head.length - figures.length - 2);
  const recent = seconds.slice(-tableRoom).reverse();
  const table =
    tableRoom === 0
      ? []
      : columnTable(
          ['second', 'req/s', 'asked', 'p50', 'p90', 'p99', 'errors'],
          recent.map((s) => [`${s.second}s`, formatCount(s.rps), run.model === 'open' ? `${formatCount(s.level)}/s` : `${formatCount(s.level)}u`, formatMillis(s.latency.p50), formatMillis(s.latency.p90), formatMillis(s.latency.p99), String(s.errors)]),
        )
          .trimEnd()
          .split('\n');
  return [...head, ...figures, '', ...table].map((line) => truncate(line, width));
}

export interface LoadPaneView {
  run: LiveRun | null;
  /** The run shown has ended (its file is gone): its last figures stay until another starts. */
  ended: boolean;
  hosts: { rows: TargetHostRow[]; matched: boolean };
}

export function loadPaneLines(view: LoadPaneView, width: number, height: number): string[] {
  if (view.run === null) {
    const idle = [
      'Load: no load test running.',
      'Start one in another terminal with perfmon load SCENARIO.yaml (its preview, the environment’s name',
      'typed): this pane attaches to the newest one on this machine and shows it beside the hosts it loads.',
      '',
    ].map((line) => truncate(line, width));
    return [...idle, ...hostLines(view.hosts, width, height - idle.length)];
  }
  if (width >= SIDE_BY_SIDE) {
    const left = Math.floor(width * 0.55);
    const right = width - left - 2;
    const a = runLines(view.run, view.ended, left, height);
    const b = hostLines(view.hosts, right, height);
    return Array.from({ length: Math.min(height, Math.max(a.length, b.length)) }, (_, i) => `${padEnd(a[i] ?? '', left)}  ${b[i] ?? ''}`);
  }
  const hostRoom = Math.min(view.hosts.rows.length + 2, Math.max(3, Math.floor(height / 3)));
  const a = runLines(view.run, view.ended, width, height - hostRoom - 1);
  return [...a, '', ...hostLines(view.hosts, width, hostRoom)].slice(0, height);
}
