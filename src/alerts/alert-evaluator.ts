/**
 * Runs alert rules over each host's signals as they arrive and keeps every alert's lifecycle,
 * with Prometheus' semantics: a breach makes the alert pending; held for the rule's `for`, it
 * fires; it resolves once the value is back past the clear level (or the series is gone) and
 * `keepFiringFor` has passed. Every change is returned as a transition with the value that
 * caused it, for history and notifiers. An alert that fires and resolves again and again within
 * a short window is marked flapping.
 */
import { createHash } from 'node:crypto';
import type { Labels } from '../model/series-key.js';
import { labelMatcher, seriesId } from '../model/series-key.js';
import type { KeyedValue } from '../history/host-snapshot-samples.js';
import { breaches, fillSummary, type AlertRule, type Severity } from './alert-rule.js';

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface Alert {
  /** Short and stable for the same rule and labels: what `perfmon alerts ack ID` takes. */
  id: string;
  rule: string;
  severity: Severity;
  /** alertname, severity, the series' labels (host, mount …) and the rule's own. */
  labels: Labels;
  summary: string;
  runbook?: string;
  state: AlertState;
  /** When the breach began (pending), ms since 1970. */
  activeSince: number;
  firedAt?: number;
  resolvedAt?: number;
  /** The latest value of the series (the one that resolved it, once resolved). */
  value: number;
  /** The rule's threshold, for "value vs threshold". */
  threshold: number;
  flapping: boolean;
}

export interface AlertTransition {
  alert: Alert;
  from: AlertState | 'inactive';
  /** `inactive`: a pending alert whose breach ended before it fired (never notified). */
  to: AlertState | 'inactive';
  at: number;
  value: number;
}

export interface AlertEvaluatorOptions {
  /** Fire/resolve changes of one alert within this window that make it flapping; default 4 in 10 min. */
  flapChanges?: number;
  flapWindowMs?: number;
  /** How long a resolved alert stays listed; default 15 min. */
  keepResolvedMs?: number;
}

interface Tracked {
  alert: Alert;
  /** The last time the series breached (for keepFiringFor). */
  lastBreach: number;
  /** The group (host) whose readings carry its series. */
  group: string;
  rule: AlertRule;
}

/** A rule with its label matchers compiled once (regular expressions are not rebuilt per reading). */
interface CompiledRule {
  rule: AlertRule;
  matchers: [label: string, test: (value: string | undefined) => boolean][];
}

function compile(rule: AlertRule): CompiledRule {
  return { rule, matchers: Object.entries(rule.match).map(([label, pattern]) => [label, labelMatcher(pattern)]) };
}

/** How often resolved alerts and old flap marks are swept (they are only read at transitions). */
const PRUNE_EVERY_MS = 10_000;

export class AlertEvaluator {
  /** By rule name + series id: the cheap key a reading is looked up by on every evaluation. */
  private readonly active = new Map<string, Tracked>();
  private readonly activeByGroup = new Map<string, Set<string>>();
  private readonly resolved = new Map<string, Alert>();
  /** Fire and resolve times per alert id, pruned to the flap window. */
  private readonly changes = new Map<string, number[]>();
  private readonly flapChanges: number;
  private readonly flapWindowMs: number;
  private readonly keepResolvedMs: number;
  /** Rules by the metric they watch: a reading is checked only against its own metric's rules. */
  private readonly byMetric = new Map<string, CompiledRule[]>();
  private prunedAt = -Infinity;

  constructor(
    rules: readonly AlertRule[],
    options: AlertEvaluatorOptions = {},
  ) {
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.name)) throw new Error(`alert rule ${rule.name} is defined twice`);
      names.add(rule.name);
      const list = this.byMetric.get(rule.metric) ?? [];
      list.push(compile(rule));
      this.byMetric.set(rule.metric, list);
    }
    this.flapChanges = options.flapChanges ?? 4;
    this.flapWindowMs = options.flapWindowMs ?? 10 * 60_000;
    this.keepResolvedMs = options.keepResolvedMs ?? 15 * 60_000;
  }

  /**
   * One reading of a group (a host): every series it has now. An alert of this group whose
   * series is missing counts as no longer breaching, as in Prometheus. Cheap for the common
   * case — a series within its rules and no alert on it — which builds no labels and no id.
   */
  evaluate(group: string, t: number, signals: readonly KeyedValue[]): AlertTransition[] {
    const out: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const { key, v } of signals) {
      const rules = this.byMetric.get(key.name);
      if (rules === undefined) continue;
      let sid: string | undefined;
      for (const { rule, matchers } of rules) {
        if (!matchers.every(([label, test]) => test(key.labels[label]))) continue;
        sid ??= seriesId(key);
        const trackKey = `${rule.name}\u0000${sid}`;
        const tracked = this.active.get(trackKey);
        if (tracked === undefined && !breaches(rule, v, false)) continue;
        seen.add(trackKey);
        this.step(rule, trackKey, tracked, group, key.labels, t, v, out);
      }
    }
    for (const trackKey of this.activeByGroup.get(group) ?? []) {
      const tracked = this.active.get(trackKey);
      if (tracked && !seen.has(trackKey)) this.end(trackKey, tracked, t, tracked.alert.value, out);
    }
    if (t - this.prunedAt >= PRUNE_EVERY_MS) this.prune(t);
    return out;
  }

  /** The pending and firing alerts of one group (host), unsorted: what a reading of it stores. */
  activeOf(group: string): Alert[] {
    return [...(this.activeByGroup.get(group) ?? [])].flatMap((key) => {
      const tracked = this.active.get(key);
      return tracked ? [{ ...tracked.alert }] : [];
    });
  }

  /** Pending and firing alerts, then the recently resolved: worst and oldest first. */
  alerts(): Alert[] {
    const rank = (a: Alert) => (a.state === 'firing' ? 0 : a.state === 'pending' ? 1 : 2) * 2 + (a.severity === 'critical' ? 0 : 1);
    return [...[...this.active.values()].map((t) => t.alert), ...this.resolved.values()]
      .map((a) => ({ ...a, labels: { ...a.labels } }))
      .sort((a, b) => rank(a) - rank(b) || a.activeSince - b.activeSince || a.id.localeCompare(b.id));
  }

  private step(rule: AlertRule, trackKey: string, tracked: Tracked | undefined, group: string, seriesLabels: Labels, t: number, v: number, out: AlertTransition[]): void {
    const firing = tracked?.alert.state === 'firing';
    if (!breaches(rule, v, firing)) {
      if (tracked) this.end(trackKey, tracked, t, v, out);
      return;
    }
    if (!tracked) {
      const labels: Labels = { ...seriesLabels, ...rule.labels, alertname: rule.name, severity: rule.severity };
      const id = alertId(labels);
      const alert: Alert = {
        id,
        rule: rule.name,
        severity: rule.severity,
        labels,
        summary: fillSummary(rule.summary, labels, v),
        ...(rule.runbook === undefined ? {} : { runbook: rule.runbook }),
        state: 'pending',
        activeSince: t,
        value: v,
        threshold: rule.threshold,
        flapping: this.isFlapping(id, t),
      };
      this.resolved.delete(id);
      const next: Tracked = { alert, lastBreach: t, group, rule };
      this.active.set(trackKey, next);
      let keys = this.activeByGroup.get(group);
      if (!keys) this.activeByGroup.set(group, (keys = new Set()));
      keys.add(trackKey);
      out.push({ alert: { ...alert }, from: 'inactive', to: 'pending', at: t, value: v });
      this.maybeFire(next, t, out);
      return;
    }
    tracked.lastBreach = t;
    tracked.alert.value = v;
    tracked.alert.summary = fillSummary(rule.summary, tracked.alert.labels, v);
    this.maybeFire(tracked, t, out);
  }

  private maybeFire(tracked: Tracked, t: number, out: AlertTransition[]): void {
    const { alert, rule } = tracked;
    if (alert.state !== 'pending' || t - alert.activeSince < rule.forSeconds * 1000) return;
    alert.state = 'firing';
    alert.firedAt = t;
    this.change(alert.id, t);
    alert.flapping = this.isFlapping(alert.id, t);
    out.push({ alert: { ...alert }, from: 'pending', to: 'firing', at: t, value: alert.value });
  }

  /** The breach is over (or the series gone): a pending alert is dropped, a firing one resolves once keepFiringFor has passed. */
  private end(trackKey: string, tracked: Tracked, t: number, v: number, out: AlertTransition[]): void {
    const { alert, rule } = tracked;
    if (alert.state === 'firing' && t - tracked.lastBreach < rule.keepFiringForSeconds * 1000) return;
    this.active.delete(trackKey);
    this.activeByGroup.get(tracked.group)?.delete(trackKey);
    if (alert.state === 'pending') {
      out.push({ alert: { ...alert, value: v }, from: 'pending', to: 'inactive', at: t, value: v });
      return;
    }
    alert.state = 'resolved';
    alert.resolvedAt = t;
    alert.value = v;
    this.change(alert.id, t);
    alert.flapping = this.isFlapping(alert.id, t);
    this.resolved.set(alert.id, alert);
    out.push({ alert: { ...alert }, from: 'firing', to: 'resolved', at: t, value: v });
  }

  private change(id: string, t: number): void {
    const list = this.changes.get(id) ?? [];
    list.push(t);
    this.changes.set(id, list);
  }

  private isFlapping(id: string, t: number): boolean {
    const recent = (this.changes.get(id) ?? []).filter((at) => t - at <= this.flapWindowMs);
    return recent.length >= this.flapChanges;
  }

  private prune(t: number): void {
    this.prunedAt = t;
    for (const [id, alert] of this.resolved) if (t - (alert.resolvedAt ?? t) > this.keepResolvedMs) this.resolved.delete(id);
    for (const [id, list] of this.changes) {
      const recent = list.filter((at) => t - at <= this.flapWindowMs);
      if (recent.length === 0) this.changes.delete(id);
      else this.changes.set(id, recent);
    }
  }
}

/** A fingerprint of the labels, as Alertmanager keeps one per alert: 12 hex digits. */
export function alertId(labels: Labels): string {
  return createHash('sha256').update(seriesId({ name: 'alert', labels })).digest('hex').slice(0, 12);
}
