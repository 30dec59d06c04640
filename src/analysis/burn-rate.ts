/**
 * Error-budget burn rates and the multi-window, multi-burn-rate alert of the Google SRE
 * workbook ("Alerting on SLOs"): an alert fires when the budget burns faster than its
 * threshold over both a long window (it is significant) and a short one (it is still
 * happening). Defaults: page at 14.4× over 1 h and 5 min (2 % of a 30-day budget in an hour),
 * ticket at 6× over 6 h and 30 min (5 % in 6 hours). Pure functions.
 */
import type { Slo } from '../config/inventory-schema.js';
import type { AlertSeverity, BurnAlertRule, BurnAlertState } from '../model/slo-reading.js';

/** How fast the budget burns: the bad share divided by the share the objective allows (1 = exactly on budget). */
export function burnRate(badRatio: number, objectivePercent: number): number {
  const allowed = 1 - objectivePercent / 100;
  return allowed > 0 ? badRatio / allowed : Infinity;
}

/** The page and ticket rules of an SLO from the inventory. */
export function alertRules(slo: Pick<Slo, 'shortWindow' | 'longWindow' | 'burnRate' | 'ticket'>): BurnAlertRule[] {
  return [
    { severity: 'page', shortWindowSeconds: slo.shortWindow, longWindowSeconds: slo.longWindow, threshold: slo.burnRate },
    { severity: 'ticket', shortWindowSeconds: slo.ticket.shortWindow, longWindowSeconds: slo.ticket.longWindow, threshold: slo.ticket.burnRate },
  ];
}

export interface WindowBurn {
  burnRate: number | null;
  covered: boolean;
}

export function evaluateAlerts(rules: readonly BurnAlertRule[], burnOver: (windowSeconds: number) => WindowBurn): BurnAlertState[] {
  return rules.map((rule) => {
    const short = burnOver(rule.shortWindowSeconds);
    const long = burnOver(rule.longWindowSeconds);
    const firing = short.burnRate !== null && long.burnRate !== null && short.burnRate > rule.threshold && long.burnRate > rule.threshold;
    return { ...rule, shortBurnRate: short.burnRate, longBurnRate: long.burnRate, firing, covered: long.covered };
  });
}

/** The most severe firing alert, or ok. */
export function alertLevel(states: readonly BurnAlertState[]): 'ok' | AlertSeverity {
  if (states.some((s) => s.firing && s.severity === 'page')) return 'page';
  if (states.some((s) => s.firing && s.severity === 'ticket')) return 'ticket';
  return 'ok';
}
