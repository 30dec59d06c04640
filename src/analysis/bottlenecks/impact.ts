/**
 * Who a saturated resource slows down, and how much that matters: the components on its hosts,
 * the components that depend on them (a slow database explains a slow order engine), and
 * whether an alert fired or an SLO burned on any of them while it was saturated.
 */
import type { BottleneckWindow } from './bottleneck-window.js';
import { seriesOf } from './bottleneck-window.js';
import type { BottleneckResource, FindingSeverity } from './finding.js';

/** What the analysis needs of the inventory's components. */
export interface ComponentTopology {
  name: string;
  role: string;
  hosts: readonly string[];
  dependsOn: readonly string[];
  /** Queue depth limits: the source's `limit`, per-queue `limits`. */
  queueLimit?: number;
  queueLimits?: Readonly<Record<string, number>>;
  /** Degradation profiles that switch one of its controls. */
  profiles?: readonly string[];
  /** Has a restart (or stop and start) command: a rolling restart can run. */
  restartable?: boolean;
}

export function componentsOnHosts(topology: readonly ComponentTopology[], hosts: readonly string[]): string[] {
  return topology.filter((c) => c.hosts.some((h) => hosts.includes(h))).map((c) => c.name);
}

/** The components that depend on `names`, directly or through others, not counting `names` themselves. */
export function dependentsOf(topology: readonly ComponentTopology[], names: readonly string[]): string[] {
  const reached = new Set(names);
  const out: string[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of topology) {
      if (reached.has(c.name) || !c.dependsOn.some((d) => reached.has(d))) continue;
      reached.add(c.name);
      out.push(c.name);
      grew = true;
    }
  }
  return out;
}

/** An SLO's burn rate at which it counts as burning: its error budget goes faster than the objective allows. */
export const BURNING_RATE = 1;

export interface Impact {
  severity: FindingSeverity;
  reason: string;
}

/** The resource a built-in alert is about (default-rules.ts); an inventory's own rule may be about anything. */
const ALERT_RESOURCES: readonly (readonly [RegExp, BottleneckResource])[] = [
  [/^(CpuBusy|LoadHigh)/, 'cpu'],
  [/^(MemoryUsed|SwapUsed)/, 'memory'],
  [/^DiskBusy/, 'disk'],
];
const BUILT_IN = /^(HostDown|CpuBusy|LoadHigh|MemoryUsed|SwapUsed|DiskBusy|FilesystemFull)/;

export interface ImpactSubject {
  resource: BottleneckResource;
  hosts: readonly string[];
  /** The components it is on and those it affects. */
  components: readonly string[];
}

/**
 * Whether a firing alert is about this finding: an alert on one of its components, or on one of
 * its hosts about the same resource (a built-in rule) or about anything (an inventory's own
 * rule on the host). A busy CPU's alert does not make a queue's backlog on that host critical.
 */
function alertConcerns(labels: Readonly<Record<string, string>>, subject: ImpactSubject): boolean {
  const { host, component, alertname = '' } = labels;
  if (component !== undefined) return subject.components.includes(component);
  if (host === undefined || !subject.hosts.includes(host)) return false;
  const about = ALERT_RESOURCES.find(([pattern]) => pattern.test(alertname))?.[1];
  return about !== undefined ? about === subject.resource : !BUILT_IN.test(alertname);
}

/**
 * critical when, in the window, an alert about it fired (alert_state 2), or an SLO of one of
 * its components burned (both its short and its long burn rate past BURNING_RATE in the same
 * bucket); otherwise the fallback.
 */
export function impactOf(window: BottleneckWindow, subject: ImpactSubject, fallback: Impact): Impact {
  const { components } = subject;
  const alerts = seriesOf(window, 'alert_state').filter((s) => s.points.some((p) => p.max >= 2) && alertConcerns(s.key.labels, subject));
  if (alerts.length > 0) {
    const names = [...new Set(alerts.map((s) => `${s.key.labels['alertname'] ?? '?'}${s.key.labels['host'] ? ` on ${s.key.labels['host']}` : ''}`))];
    return { severity: 'critical', reason: `alert firing: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}` };
  }
  for (const short of seriesOf(window, 'slo_burn_rate_short')) {
    const { component, slo, window: w } = short.key.labels;
    if (component === undefined || !components.includes(component)) continue;
    const long = seriesOf(window, 'slo_burn_rate_long', { component, ...(slo ? { slo } : {}), ...(w ? { window: w } : {}) })[0];
    const longAt = new Map((long?.points ?? []).map((p) => [p.t, p.max]));
    const burning = short.points.filter((p) => p.max >= BURNING_RATE && (longAt.get(p.t) ?? 0) >= BURNING_RATE);
    if (burning.length > 0) {
      const rate = Math.max(...burning.map((p) => p.max));
      return { severity: 'critical', reason: `SLO ${component}/${slo ?? '?'} burning (burn rate up to ${rate.toFixed(1)})` };
    }
  }
  return fallback;
}
