/**
 * "Run Analysis": every host and component over one window of history, as findings worst first.
 * Hosts saturated alike (the same resource and part, the same top culprit) make one finding
 * with all of them, so ten web hosts burning in the same process read as one bottleneck. A
 * finding's severity comes from what it coincides with (impact.ts), its score from how much of
 * the window it was saturated and how deep: share × (1 + pressure).
 */
import { formatPercent } from '../../format/units.js';
import type { BottleneckWindow } from './bottleneck-window.js';
import { windowHosts } from './bottleneck-window.js';
import type { Culprit, Finding } from './finding.js';
import { rankFindings } from './finding.js';
import { hostCandidates, type HostCandidate } from './host-resources.js';
import { componentsOnHosts, dependentsOf, impactOf, type ComponentTopology } from './impact.js';
import { recommendedActions } from './recommended-actions.js';
import { TOP_CULPRITS } from './culprits.js';
import { softwareCandidates, type SoftwareCandidate } from './software-resources.js';

const score = (share: number, pressure: number) => Math.round(share * (1 + pressure) * 1000) / 1000;

function mergeCulprits(lists: readonly (readonly Culprit[])[]): Culprit[] {
  const seen = new Map<string, Culprit>();
  for (const c of lists.flat()) {
    const key = `${c.kind}|${c.name}|${c.pid ?? ''}`;
    const known = seen.get(key);
    if (!known || c.value > known.value) seen.set(key, c);
  }
  return [...seen.values()].sort((a, b) => b.value - a.value).slice(0, TOP_CULPRITS);
}

function groupHostCandidates(candidates: readonly HostCandidate[]): HostCandidate[][] {
  const groups = new Map<string, HostCandidate[]>();
  for (const c of candidates) {
    const key = `${c.resource}|${c.part ?? ''}|${c.level}|${c.culprits[0]?.name ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

function finding(window: BottleneckWindow, topology: readonly ComponentTopology[], f: Omit<Finding, 'severity' | 'severityReason' | 'affects' | 'actions'>, level: 'warning' | 'info', share: number): Finding {
  const affects = dependentsOf(topology, f.components);
  const fallback = level === 'warning' ? { severity: 'warning' as const, reason: `saturated ${formatPercent(share * 100)} of the window` } : { severity: 'info' as const, reason: `seen ${formatPercent(share * 100)} of the window` };
  const impact = level === 'warning' ? impactOf(window, { resource: f.resource, hosts: f.hosts, components: [...f.components, ...affects] }, fallback) : fallback;
  return {
    ...f,
    severity: impact.severity,
    severityReason: impact.reason,
    affects,
    actions: recommendedActions({ resource: f.resource, hosts: f.hosts, components: f.components, affects, culprits: f.culprits, topology }),
  };
}

function hostFinding(window: BottleneckWindow, topology: readonly ComponentTopology[], group: readonly HostCandidate[]): Finding {
  const first = group[0]!;
  const hosts = group.map((c) => c.host).sort();
  const share = Math.min(...group.map((c) => c.share));
  const where = hosts.length <= 3 ? hosts.join(', ') : `${hosts.slice(0, 2).join(', ')} and ${hosts.length - 2} more hosts`;
  return finding(
    window,
    topology,
    {
      id: `${first.resource}:${first.part === null ? '' : `${first.part}@`}${hosts.join(',')}`,
      resource: first.resource,
      title: `${first.title} on ${where}`,
      score: Math.max(...group.map((c) => score(c.share, c.pressure))),
      hosts,
      components: componentsOnHosts(topology, hosts),
      // The first host's figures in full, the others' main figure: one chart per host.
      evidence: [...first.evidence, ...group.slice(1).map((c) => ({ ...c.evidence[0]! }))],
      culprits: mergeCulprits(group.map((c) => c.culprits)),
    },
    first.level,
    share,
  );
}

function softwareFinding(window: BottleneckWindow, topology: readonly ComponentTopology[], c: SoftwareCandidate): Finding {
  const components = c.components.length > 0 ? c.components : componentsOnHosts(topology, c.hosts);
  return finding(
    window,
    topology,
    { id: `${c.resource}:${c.subject}`, resource: c.resource, title: c.title, score: score(c.share, c.pressure), hosts: c.hosts, components, evidence: c.evidence, culprits: c.culprits },
    'warning',
    c.share,
  );
}

export function analyseBottlenecks(window: BottleneckWindow, topology: readonly ComponentTopology[]): Finding[] {
  const hosts = windowHosts(window);
  const host = groupHostCandidates(hosts.flatMap((h) => hostCandidates(window, h))).map((g) => hostFinding(window, topology, g));
  const software = softwareCandidates(window, topology).map((c) => softwareFinding(window, topology, c));
  return rankFindings([...host, ...software]);
}
