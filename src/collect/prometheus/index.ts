/** Prometheus text exposition / OpenMetrics: parsing, selecting, counter rates, quantiles. */
export { parseExposition, detectFormat, EXPOSITION_ACCEPT, type ParseOptions } from './parse-exposition.js';
export {
  parseSelector,
  selectSamples,
  sampleValue,
  sumValues,
  matchesSample,
  seriesKey,
  labelsWithout,
  type LabelMatcher,
  type LabelOp,
  type Selector,
  type SelectorResult,
  type SampleSource,
} from './select.js';
export { counterIncrease, counterRate, ratesBetween, type SeriesRate } from './counter-rate.js';
export {
  histogramQuantile,
  histogramSeries,
  bucketIncrease,
  histogramIncrease,
  type Bucket,
  type HistogramSeries,
} from './histogram-quantile.js';
export { summarySeries, summaryQuantile, type SummarySeries, type SummaryQuantile } from './summary.js';
export type * from './types.js';
