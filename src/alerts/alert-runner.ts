/**
 * Alerts where readings arrive (the recorder, a TUI that collects itself): every host reading
 * is judged by the rules, each firing and resolved alert is logged once and handed to the
 * notifier, and the alerts of the host at that moment become history series —
 * `alert_state{alertname,…}` (1 pending, 2 firing, 0 once resolved) and `alert_value` — so a
 * replay shows the alerts as they were and a backtest can count them.
 */
import type { HostSnapshot } from '../model/host-snapshot.js';
import type { KeyedValue } from '../history/host-snapshot-samples.js';
import { formatAlertValue, type AlertRule } from './alert-rule.js';
import { AlertEvaluator, type Alert, type AlertTransition } from './alert-evaluator.js';
import type { AlertmanagerNotifier } from './alertmanager-notifier.js';
import { hostSignals } from './host-signals.js';
import { isActive, silenceFor, type Silence, type SilenceWatch } from './silences.js';
import { ackFor, type Ack, type AckWatch } from './acks.js';
import { maintenanceFor } from './maintenance.js';
import type { MaintenanceSource } from './maintenance-watch.js';

export const ALERT_STATE_VALUE = { pending: 1, firing: 2, resolved: 0 } as const;

export interface AlertRunnerOptions {
  notifier?: AlertmanagerNotifier;
  /** One line per alert that fires or resolves. */
  log?: (line: string) => void;
  /** Silences: an alert they match is logged as silenced, and the Alertmanager is given the silence. */
  silences?: SilenceWatch;
  /** Acks: an acked firing alert is given an Alertmanager silence of exactly it (no repeat pages), ended before it resolves. */
  acks?: AckWatch;
  /** Maintenance: an alert that fires inside a span covering it is logged and stored but not sent. */
  maintenance?: MaintenanceSource;
}

/** What one reading did: the transitions, and the instant of alert series to store (group `alerts/HOST`). */
export interface AlertStep {
  transitions: AlertTransition[];
  history: { group: string; t: number; samples: KeyedValue[] };
}

export class AlertRunner {
  private readonly evaluator: AlertEvaluator;

  constructor(
    rules: readonly AlertRule[],
    private readonly options: AlertRunnerOptions = {},
  ) {
    this.evaluator = new AlertEvaluator(rules);
  }

  /** Judges one reading of a host (a down host's reading too: it carries host_up 0). */
  reading(snapshot: HostSnapshot, t = Date.parse(snapshot.time)): AlertStep {
    return this.judge(snapshot.name, t, hostSignals(snapshot), `alerts/${snapshot.name}`);
  }

  /**
   * Judges one instant of a platform group (a component's health on a host, a database, the
   * queues, a JVM …): its stored series are the signals, so a rule names them by their stored
   * name (`component_healthy`, `db_connections_used_ratio`, `queue_depth`, …).
   */
  instant(group: string, t: number, samples: readonly KeyedValue[]): AlertStep {
    return this.judge(group, t, samples, `alerts/${group}`);
  }

  private judge(group: string, t: number, signals: readonly KeyedValue[], historyGroup: string): AlertStep {
    const transitions = this.evaluator.evaluate(group, t, signals);
    const silences = this.options.silences?.current(Date.now()) ?? [];
    const silenced = (a: Alert) => silenceFor(silences, a.labels, Date.now());
    const sent: AlertTransition[] = [];
    for (const tr of transitions) {
      if (tr.to !== 'firing' && tr.to !== 'resolved') continue;
      const by = silenced(tr.alert);
      const muted = this.mute(tr, t);
      if (!muted) sent.push(tr);
      this.options.log?.(`${describeTransition(tr)}${by ? ` (silenced by ${by.id} until ${by.endsAt})` : ''}${muted ? ` (${muted}: not sent)` : ''}`);
    }
    this.options.notifier?.notify(sent);
    const samples: KeyedValue[] = [];
    const add = (a: Alert, state: number) => {
      samples.push({ key: { name: 'alert_state', labels: a.labels }, v: state });
      samples.push({ key: { name: 'alert_value', labels: a.labels }, v: a.value });
    };
    // Only this group's alerts: sorting every alert of the fleet on each reading would be the hot path.
    for (const a of this.evaluator.activeOf(group)) add(a, ALERT_STATE_VALUE[a.state]);
    for (const tr of transitions) if (tr.to === 'resolved' || tr.to === 'inactive') add({ ...tr.alert, value: tr.value }, 0);
    return { transitions, history: { group: historyGroup, t, samples } };
  }

  /** Alert id → the maintenance it fired in: held back, never sent (until it outlasts the maintenance). */
  private readonly held = new Map<string, string>();

  /** Why a transition is not sent (`maintenance NAME`), or undefined: firing inside a maintenance span, or resolving one held back. */
  private mute(tr: AlertTransition, t: number): string | undefined {
    const id = tr.alert.id;
    if (tr.to === 'resolved') {
      const name = this.held.get(id);
      this.held.delete(id);
      return name === undefined ? undefined : `maintenance ${name}`;
    }
    const span = this.options.maintenance ? maintenanceFor(this.options.maintenance.activeAt(t), tr.alert.labels, t) : undefined;
    if (!span) return undefined;
    this.held.set(id, span.name);
    return `maintenance ${span.name}`;
  }

  /** The alerts the notifier may send now: not those held back while their maintenance lasts; one that outlasted it goes out. */
  private sendable(alerts: readonly Alert[], now: number): Alert[] {
    if (this.held.size === 0) return [...alerts];
    const spans = this.options.maintenance?.activeAt(now) ?? [];
    return alerts.filter((a) => {
      const name = this.held.get(a.id);
      if (name === undefined) return true;
      if (a.state !== 'resolved' && maintenanceFor(spans, a.labels, now)) return false;
      this.held.delete(a.id);
      if (a.state === 'resolved') return false;
      this.options.log?.(`alert ${a.rule}${a.labels['host'] ? ` ${a.labels['host']}` : ''}: still firing after maintenance ${name}; sent`);
      return true;
    });
  }

  /** Re-sends firing alerts that are due and retries what failed; call on a clock (e.g. every 5 s). */
  async tick(now = Date.now()): Promise<void> {
    const notifier = this.options.notifier;
    const alerts = this.sendable(this.evaluator.alerts(), now);
    const acks = this.options.acks?.current(now) ?? [];
    if (!notifier) return;
    this.syncSilences(notifier, this.options.silences?.current(now) ?? [], now);
    // Before the resolved alerts go out: an ack's silence would hide the resolution from the pager.
    await this.syncAcks(notifier, alerts, acks, now);
    await notifier.tick(now, alerts);
  }

  alerts(): Alert[] {
    return this.evaluator.alerts();
  }

  /** perfmon silence → Alertmanager silence id, with the end it was given. */
  private readonly synced = new Map<string, { amId: string | null; endsAt: string }>();
  private readonly silenceProblems = new Map<string, string>();

  /** By alert id: the ack whose Alertmanager silence stands for it, and that silence's id once made. */
  private readonly ackSilences = new Map<string, { ack: Ack; amId: Promise<string | null> }>();

  /** Each firing alert's ack becomes a silence of exactly its labels; one whose alert resolved or whose ack ended is ended. */
  private async syncAcks(notifier: AlertmanagerNotifier, alerts: readonly Alert[], acks: readonly Ack[], now: number): Promise<void> {
    const holding = new Map<string, Ack>();
    for (const a of alerts) {
      if (a.state !== 'firing') continue;
      const ack = ackFor(acks, a, now);
      if (ack) holding.set(a.id, ack);
    }
    const ending: Promise<void>[] = [];
    for (const [id, given] of this.ackSilences) {
      if (holding.get(id) === given.ack) continue;
      this.ackSilences.delete(id);
      ending.push(
        given.amId.then(async (amId) => {
          if (amId !== null) await notifier.expireSilence(amId);
        }).catch((e: unknown) => this.options.log?.(`alertmanager: cannot end the silence of ack ${id}: ${(e as Error).message}`)),
      );
    }
    await Promise.all(ending);
    for (const [id, ack] of holding) {
      if (this.ackSilences.get(id)?.ack === ack) continue;
      const alert = alerts.find((a) => a.id === id)!;
      this.options.log?.(`alert ACKED ${alert.rule}${alert.labels['host'] ? ` ${alert.labels['host']}` : ''} by ${ack.by} until ${ack.expiresAt}${ack.note ? `: ${ack.note}` : ''}`);
      const silence: Silence = { id: `ack-${id}`, matchers: alert.labels, startsAt: new Date(now).toISOString(), endsAt: ack.expiresAt, createdBy: ack.by, comment: ack.note };
      const amId = notifier.putSilence(silence, { exact: true, comment: `perfmon ack of ${alert.rule} (${id}) by ${ack.by}${ack.note ? `: ${ack.note}` : ''}` }).catch((e: unknown) => {
        this.ackSilences.delete(id); // tried again on the next tick
        this.options.log?.(`alertmanager: cannot give it the ack of ${id}: ${(e as Error).message}`);
        return null;
      });
      this.ackSilences.set(id, { ack, amId });
    }
  }

  /** Gives the Alertmanager each active silence once (again if its end changed), and ends those expired early. */
  private syncSilences(notifier: AlertmanagerNotifier, silences: readonly Silence[], now: number): void {
    for (const s of silences) {
      const known = this.synced.get(s.id);
      if (known?.endsAt === s.endsAt) continue;
      if (known?.amId) {
        const amId = known.amId;
        void notifier.expireSilence(amId).catch((e: unknown) => this.options.log?.(`alertmanager: cannot end silence ${amId}: ${(e as Error).message}`));
      }
      if (!isActive(s, now)) {
        this.synced.set(s.id, { amId: null, endsAt: s.endsAt });
        continue;
      }
      const entry = { amId: null as string | null, endsAt: s.endsAt };
      this.synced.set(s.id, entry);
      notifier.putSilence(s).then(
        (amId) => {
          entry.amId = amId;
          this.silenceProblems.delete(s.id);
        },
        (e: unknown) => {
          this.synced.delete(s.id); // tried again on the next tick, said once
          const message = `alertmanager: cannot give it silence ${s.id}: ${(e as Error).message}`;
          if (this.silenceProblems.get(s.id) !== message) this.options.log?.(message);
          this.silenceProblems.set(s.id, message);
        },
      );
    }
  }
}

/** `alert FIRING CpuBusyCritical db1: CPU 93 % busy on db1 (93 ≥ 90)` — the recorder's log line. */
export function describeTransition(tr: AlertTransition): string {
  const a = tr.alert;
  const state = tr.to === 'firing' ? 'FIRING' : 'RESOLVED';
  const host = a.labels['host'] ?? '';
  const flapping = a.flapping ? ', flapping' : '';
  return `alert ${state} ${a.rule}${host ? ` ${host}` : ''}: ${a.summary} (value ${formatAlertValue(tr.value)}, threshold ${formatAlertValue(a.threshold)}${flapping})`;
}
