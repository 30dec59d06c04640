/**
 * Live scoring: every series the recorder stores goes through its own detector (the one
 * detector, the one configuration, as `perfmon anomalies` and bench/nab), sample by sample, as
 * it is recorded. What comes back is stored beside the instant it scored:
 *
 * - `anomaly{series="<name>", <the series' labels>}` = the score (0.5 … 1), only on the samples
 *   that are anomalous (the detector's whole stretch, not just its first sample). A source sample
 *   with no `anomaly` beside it at its time was ordinary: the flag of every sample is kept, and
 *   an ordinary hour costs nothing.
 * - `anomaly_rate{host}` (a host's reading) or `anomaly_rate{part, component, host}` (a platform
 *   reading: part = app, queues, db, jvm, health) = the share of that instant's scored series that
 *   are anomalous (0 … 1), on every instant, so "how unusual is this host now" is one series.
 *
 * A detector not fed for `idleMs` (a process that left the busiest list, a queue deleted) is
 * dropped, so memory follows the series that exist, not every series that ever did.
 */
import { seriesId, type Labels, type SeriesKey } from '../../model/series-key.js';
import { createAnomalyDetector, DEFAULT_ANOMALY_CONFIG, type AnomalyConfig, type AnomalyDetector } from './anomaly-detector.js';

export interface KeyedSample {
  key: SeriesKey;
  v: number;
}

export const ANOMALY_SERIES = 'anomaly';
export const ANOMALY_RATE_SERIES = 'anomaly_rate';
/** The label of an `anomaly` sample that names the series it flags. */
export const FLAGGED_SERIES_LABEL = 'series';

/** Series that are not scored: the scorer's own, a down host's reason, the alerts' (judgements, not measurements). */
const UNSCORED = new Set([ANOMALY_SERIES, ANOMALY_RATE_SERIES, 'host_down_reason']);

export interface LiveScorerOptions {
  config?: Partial<AnomalyConfig>;
  /** A detector not fed for this long is dropped (default 10 minutes). */
  idleMs?: number;
}

interface Tracked {
  name: string;
  /** The series' labels as [name, value, name, value, …], in the order its key listed them. */
  labels: readonly string[];
  update: AnomalyDetector['update'];
  seen: number;
}

/** Whether `key` is the tracked series (a reading lists a series' labels in the same order each time). */
function sameKey(tracked: Tracked, key: SeriesKey): boolean {
  if (tracked.name !== key.name) return false;
  const labels = tracked.labels;
  let i = 0;
  for (const label in key.labels) {
    if (labels[i] !== label || labels[i + 1] !== key.labels[label]) return false;
    i += 2;
  }
  return i === labels.length;
}

/** The `part` of a platform group (`app:orders` → app); undefined for a host's group. */
function partOf(group: string): string | undefined {
  const colon = group.indexOf(':');
  if (colon > 0) return group.slice(0, colon);
  return group === 'queues' ? 'queues' : undefined;
}

export class LiveAnomalyScorer {
  private readonly detectors = new Map<string, Tracked>();
  /**
   * Per group, the detector each position of its last instant went to: a group's samples come in
   * the same order reading after reading, so most samples find theirs without building an id.
   */
  private readonly positions = new Map<string, (Tracked | undefined)[]>();
  private readonly config: AnomalyConfig;
  private readonly idleMs: number;
  private lastSweep = 0;

  constructor(options: LiveScorerOptions = {}) {
    this.config = { ...DEFAULT_ANOMALY_CONFIG, ...options.config };
    this.idleMs = options.idleMs ?? 600_000;
  }

  /** Detectors kept now (one per live series). */
  get size(): number {
    return this.detectors.size;
  }

  /** Scores one instant of one group (a host's reading, a platform reading); returns what to store beside it. */
  score(group: string, t: number, samples: readonly KeyedSample[]): KeyedSample[] {
    if (group.startsWith('alerts/')) return [];
    const part = partOf(group);
    const out: KeyedSample[] = [];
    // A host's reading has one rate; a platform reading one per component and host it holds.
    let scored = 0;
    let anomalous = 0;
    const rates = part === undefined ? null : new Map<string, { labels: Labels; scored: number; anomalous: number }>();
    let positions = this.positions.get(group);
    if (!positions) this.positions.set(group, (positions = []));
    for (let i = 0; i < samples.length; i++) {
      const { key, v } = samples[i]!;
      if (UNSCORED.has(key.name)) continue;
      let tracked = positions[i];
      if (tracked === undefined || !sameKey(tracked, key)) {
        tracked = this.tracked(key, t);
        if (!tracked) continue;
        positions[i] = tracked;
      }
      tracked.seen = t;
      const result = tracked.update(t, v);
      if (result.deviant) out.push({ key: { name: ANOMALY_SERIES, labels: { ...key.labels, [FLAGGED_SERIES_LABEL]: key.name } }, v: result.score });
      if (rates === null) {
        scored++;
        if (result.deviant) anomalous++;
        continue;
      }
      const rateKey = `${key.labels['component'] ?? ''}\u0000${key.labels['host'] ?? ''}`;
      let rate = rates.get(rateKey);
      if (!rate) rates.set(rateKey, (rate = { labels: { part: part!, ...pick(key.labels, 'component'), ...pick(key.labels, 'host') }, scored: 0, anomalous: 0 }));
      rate.scored++;
      if (result.deviant) rate.anomalous++;
    }
    if (positions.length > samples.length) positions.length = samples.length;
    if (rates === null) {
      if (scored > 0) out.push({ key: { name: ANOMALY_RATE_SERIES, labels: { host: group } }, v: anomalous / scored });
    } else for (const rate of rates.values()) out.push({ key: { name: ANOMALY_RATE_SERIES, labels: rate.labels }, v: rate.anomalous / rate.scored });
    if (t - this.lastSweep >= this.idleMs) this.sweep(t);
    return out;
  }

  /** The detector of a series (a new one for a series not seen lately); undefined for a key that is not a series. */
  private tracked(key: SeriesKey, t: number): Tracked | undefined {
    let id: string;
    try {
      id = seriesId(key);
    } catch {
      return undefined; // the writer names the bad key; it is not stored, so not scored
    }
    let tracked = this.detectors.get(id);
    if (!tracked) {
      tracked = { name: key.name, labels: Object.entries(key.labels).flat(), update: createAnomalyDetector(this.config).update, seen: t };
      this.detectors.set(id, tracked);
    }
    return tracked;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, tracked] of this.detectors) if (now - tracked.seen > this.idleMs) this.detectors.delete(id);
    for (const [group, positions] of this.positions) {
      if (positions.every((p) => p === undefined || now - p.seen > this.idleMs)) this.positions.delete(group);
    }
  }
}

function pick(labels: Labels, name: string): Labels {
  const value = labels[name];
  return value === undefined ? {} : { [name]: value };
}
