/**
 * SLIs of one component against its objectives, sample by sample:
 * - availability: good ÷ total events of two counters when configured (event-based), else one
 *   time slice per sample, good when the health check passed;
 * - latency: a time slice per sample, good when the percentile of the interval's observations
 *   stays at or under the threshold (slices without observations do not count);
 * - throughput: a time slice, good when the rate is at or above the minimum;
 * - error-rate: event-based from the ratio metric's numerator (errors) and denominator.
 * History is kept in memory (SliHistory), enough for the longest alert window at full
 * resolution and the compliance window in 5-minute buckets.
 */
import type { AppMetricValue } from '../model/app-reading.js';
import type { AppMetricMap, AppMetricMapping, Slo } from '../config/inventory-schema.js';
import { alertLevel, alertRules, burnRate, evaluateAlerts } from './burn-rate.js';
import { SliHistory } from './slo-history.js';
import type { SloStatus } from '../model/slo-reading.js';

export interface SloSample {
  timeMs: number;
  /** The component's application metrics (all hosts together) for this interval. */
  metrics: Readonly<Record<string, AppMetricValue>>;
  /** The health check's verdict, for availability SLOs without counters (null: unknown). */
  healthy?: boolean | null;
}

/** The key under which an availability SLO's good/total counters are evaluated as a ratio. */
export const availabilityKey = (slo: Pick<Slo, 'name'>): string => `__slo_${slo.name.replace(/[^A-Za-z0-9_]/g, '_')}`;

/**
 * Mappings and quantiles the SLOs need from the app-metrics collector: the availability
 * counters as ratios, and each latency SLO's percentile.
 */
export function sloRequirements(slos: readonly Slo[]): { mappings: AppMetricMap; extraQuantiles: Record<string, number[]> } {
  const mappings: AppMetricMap = {};
  const extraQuantiles: Record<string, number[]> = {};
  for (const slo of slos) {
    if (slo.type === 'availability' && slo.good && slo.total) {
      mappings[availabilityKey(slo)] = { type: 'ratio', numerator: [slo.good], denominator: [slo.total], scale: 1 };
    } else if (slo.type === 'latency') {
      (extraQuantiles[slo.metric] ??= []).push(slo.percentile / 100);
    }
  }
  return { mappings, extraQuantiles };
}

interface Reading {
  good: number;
  total: number;
  current: SloStatus['current'];
}

const NO_EVENTS: Reading = { good: 0, total: 0, current: { good: null, value: null } };

function slice(good: boolean, value: number | null): Reading {
  return { good: good ? 1 : 0, total: 1, current: { good, value } };
}

function reading(slo: Slo, sample: SloSample, mappings: Readonly<AppMetricMap>): Reading {
  switch (slo.type) {
    case 'availability': {
      if (slo.good && slo.total) {
        const r = sample.metrics[availabilityKey(slo)];
        if (r?.numerator === undefined || r.denominator === undefined || r.denominator <= 0) return NO_EVENTS;
        const good = Math.min(r.numerator, r.denominator);
        return { good, total: r.denominator, current: { good: good >= r.denominator * (slo.objective / 100), value: good / r.denominator } };
      }
      return sample.healthy === true || sample.healthy === false ? slice(sample.healthy, sample.healthy ? 1 : 0) : NO_EVENTS;
    }
    case 'latency': {
      const q = sample.metrics[slo.metric]?.quantiles?.find((x) => x.q === slo.percentile / 100)?.value;
      if (q === undefined || q === null) return NO_EVENTS;
      // Values carry the mapping's scale (ms by default); the threshold is in seconds.
      const scale = (mappings[slo.metric] as AppMetricMapping | undefined)?.scale ?? 1;
      return slice(q / scale <= slo.threshold, q);
    }
    case 'throughput': {
      const v = sample.metrics[slo.metric]?.value;
      if (v === undefined || v === null) return NO_EVENTS;
      const scale = (mappings[slo.metric] as AppMetricMapping | undefined)?.scale ?? 1;
      return slice(v / scale >= slo.min, v);
    }
    case 'error-rate': {
      const r = sample.metrics[slo.metric];
      if (r?.numerator === undefined || r.denominator === undefined || r.denominator <= 0) return NO_EVENTS;
      const bad = Math.min(r.numerator, r.denominator);
      return { good: r.denominator - bad, total: r.denominator, current: { good: bad <= r.denominator * (1 - slo.objective / 100), value: r.value } };
    }
  }
}

export interface SloTrackerOptions {
  /** Seconds between samples, to size the full-resolution history (default 1). */
  intervalSeconds?: number;
}

export class SloTracker {
  private readonly histories: SliHistory[];
  private readonly current: Array<SloStatus['current']>;

  constructor(
    readonly slos: readonly Slo[],
    private readonly mappings: Readonly<AppMetricMap>,
    options: SloTrackerOptions = {},
  ) {
    const interval = options.intervalSeconds ?? 1;
    this.histories = slos.map((slo) => {
      const longest = Math.max(...alertRules(slo).map((r) => r.longWindowSeconds));
      return new SliHistory({ fineCapacity: Math.ceil(longest / interval) + 2, coarseSeconds: slo.window });
    });
    this.current = slos.map(() => ({ good: null, value: null }));
  }

  record(sample: SloSample): SloStatus[] {
    this.slos.forEach((slo, i) => {
      const r = reading(slo, sample, this.mappings);
      this.histories[i]!.add(sample.timeMs, r.good, r.total);
      this.current[i] = r.current;
    });
    return this.statuses();
  }

  statuses(): SloStatus[] {
    return this.slos.map((slo, i) => {
      const history = this.histories[i]!;
      const window = history.sums(slo.window);
      const allowed = 1 - slo.objective / 100;
      const bad = window.total - window.good;
      const sli = window.total > 0 ? window.good / window.total : null;
      const consumed = window.total > 0 ? bad / window.total / allowed : null;
      const alerts = evaluateAlerts(alertRules(slo), (seconds) => {
        const s = history.sums(seconds);
        return { burnRate: s.total > 0 ? burnRate((s.total - s.good) / s.total, slo.objective) : null, covered: s.coveredSeconds >= seconds };
      });
      return {
        name: slo.name,
        type: slo.type,
        ...(slo.description === undefined ? {} : { description: slo.description }),
        objective: slo.objective,
        status: window.total > 0 ? alertLevel(alerts) : 'no-data',
        sli,
        windowSeconds: slo.window,
        coveredSeconds: window.coveredSeconds,
        errorBudget: { allowed, consumed, remaining: consumed === null ? null : 1 - consumed },
        current: this.current[i]!,
        alerts,
      };
    });
  }
}
