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

export const ALERT_STATE_VALUE = { pending: 1, firing: 2, resolved: 0 } as const;

export interface AlertRunnerOptions {
  notifier?: AlertmanagerNotifier;
  /** One line per alert that fires or resolves. */
  log?: (line: string) => void;
  /** Silences: an alert they match is logged as silenced, and the Alertmanager is given the silence. */
  silences?: SilenceWatch;
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
    const transitions = this.evaluator.evaluate(snapshot.name, t, hostSignals(snapshot));
    const silences = this.options.silences?.current(Date.now()) ?? [];
    const silenced = (a: Alert) => silenceFor(silences, a.labels, Date.now());
    for (const tr of transitions) {
      if (tr.to !== 'firing' && tr.to !== 'resolved') continue;
      const by = silenced(tr.alert);
      this.options.log?.(`${describeTransition(tr)}${by ? ` (silenced by ${by.id} until ${by.endsAt})` : ''}`);
    }
    this.options.notifier?.notify(transitions);
    const samples: KeyedValue[] = [];
    const add = (a: Alert, state: number) => {
      samples.push({ key: { name: 'alert_state', labels: a.labels }, v: state });
      samples.push({ key: { name: 'alert_value', labels: a.labels }, v: a.value });
    };
    // Only this host's alerts: sorting every alert of the fleet on each reading would be the hot path.
    for (const a of this.evaluator.activeOf(snapshot.name)) add(a, ALERT_STATE_VALUE[a.state]);
    for (const tr of transitions) if (tr.to === 'resolved' || tr.to === 'inactive') add({ ...tr.alert, value: tr.value }, 0);
    return { transitions, history: { group: `alerts/${snapshot.name}`, t, samples } };
  }

  /** Re-sends firing alerts that are due and retries what failed; call on a clock (e.g. every 5 s). */
  tick(now = Date.now()): Promise<void> {
    const notifier = this.options.notifier;
    if (!notifier) return Promise.resolve();
    this.syncSilences(notifier, this.options.silences?.current(now) ?? [], now);
    return notifier.tick(now, this.evaluator.alerts());
  }

  alerts(): Alert[] {
    return this.evaluator.alerts();
  }

  /** perfmon silence → Alertmanager silence id, with the end it was given. */
  private readonly synced = new Map<string, { amId: string | null; endsAt: string }>();
  private readonly silenceProblems = new Map<string, string>();

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
