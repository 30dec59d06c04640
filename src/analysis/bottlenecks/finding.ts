/**
 * What a bottleneck analysis reports: one finding per saturated resource (or group of hosts
 * saturated alike), with its evidence, who it affects, how bad it is, what is behind it and
 * what to do. `perfmon bottlenecks --json` prints these; the TUI's overlay shows them.
 */

/** The resources the checks know: the USE method's host resources and the software ones. */
export type BottleneckResource =
  | 'cpu'
  | 'memory'
  | 'disk'
  | 'network'
  | 'jvm-gc'
  | 'jvm-heap'
  | 'db-connections'
  | 'db-locks'
  | 'db-cache'
  | 'queue-backlog'
  | 'queue-consumers';

/**
 * critical: it coincides with an alert firing or an SLO burning on what it affects; warning:
 * saturated for most of the window; info: errors or pressure worth a look, not saturation.
 */
export type FindingSeverity = 'critical' | 'warning' | 'info';

export interface Evidence {
  /** The stored series (its id, as `perfmon history query` names it). */
  series: string;
  /** What the figure is, in words: "CPU busy", "run queue per core". */
  what: string;
  unit: string;
  /** The level a bucket counts as saturated at (in `unit`); null for a figure shown, not judged. */
  threshold: number | null;
  /** Share of the window's buckets at or past the threshold, 0–1 (null without a threshold). */
  shareAbove: number | null;
  mean: number;
  peak: number;
  /** The window's bucket means, oldest first (NaN: no reading then). */
  values: number[];
  /** The same as a one-row chart. */
  sparkline: string;
}

export type CulpritKind = 'process' | 'jvm' | 'queue' | 'database' | 'component';

export interface Culprit {
  kind: CulpritKind;
  host: string | null;
  /** A process's command, a JVM's main class, a queue's name. */
  name: string;
  /** A process or JVM id. */
  pid: number | null;
  /** The figure it is blamed by, in words with its unit: "97 % of a core", "depth +1,200". */
  figure: string;
  /** That figure as a number, for sorting and for scripts. */
  value: number;
}

export interface RecommendedAction {
  /** What to do, in a sentence. */
  what: string;
  /** The perfmon command line that does it (or shows it), when there is one. */
  command: string | null;
  /** The TUI key (pane digit or key, as the help shows it), when there is one. */
  key: string | null;
}

export interface Finding {
  /** Stable id: resource and what it is on (`cpu:lab-0,lab-1`, `queue-backlog:broker/orders.in`). */
  id: string;
  resource: BottleneckResource;
  /** One line: what is saturated. */
  title: string;
  severity: FindingSeverity;
  /** Why that severity (the alert or SLO it coincides with, or the share of the window). */
  severityReason: string;
  /** Higher is worse; findings are ordered by severity, then score. */
  score: number;
  hosts: string[];
  /** Components running on those hosts or owning the saturated thing. */
  components: string[];
  /** Components that depend on them (dependsOn, transitively): slowed by this too. */
  affects: string[];
  evidence: Evidence[];
  culprits: Culprit[];
  actions: RecommendedAction[];
}

export interface BottleneckReport {
  store: string;
  from: string;
  to: string;
  /** Bucket width of the evidence, seconds. */
  stepSeconds: number;
  /** The share of a window a resource must spend at or past its level to count as saturated. */
  saturatedShare: number;
  hosts: string[];
  findings: Finding[];
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Worst first: severity, then score, then id (a stable order for equal findings). */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.score - a.score || a.id.localeCompare(b.id));
}
