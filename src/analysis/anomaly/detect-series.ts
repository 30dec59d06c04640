import { createAnomalyDetector, type AnomalyConfig } from './anomaly-detector.js';
import type { SeriesCsv } from './series-csv.js';

export interface FlaggedSample {
  /** Row index in the series (0 = the first row after the header). */
  index: number;
  timestamp: string;
  value: number;
  score: number;
}

/**
 * The offline twin of live scoring: one detector, the same configuration as the recorder's,
 * fed the whole series in time order. Returns the flagged samples (the first of each episode).
 */
export function detectAnomalies(series: SeriesCsv, config?: Partial<AnomalyConfig>): FlaggedSample[] {
  const detector = createAnomalyDetector(config);
  const flagged: FlaggedSample[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const value = series.values[i]!;
    const { score, anomalous } = detector.update(series.times[i]!, value);
    if (anomalous) flagged.push({ index: i, timestamp: series.timestamps[i]!, value, score });
  }
  return flagged;
}
