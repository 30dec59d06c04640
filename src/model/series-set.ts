/**
 * The live store's labelled series, by canonical id (`cpu_usage{host="db1"}`): each holds its
 * newest samples with their times (TimedSeries). Selecting takes a matcher (a name and labels
 * that must all be equal); a host that goes down leaves a gap in every series labelled with it.
 */
import { matchesSeries, seriesId, type Labels, type SeriesKey, type SeriesMatcher } from './series-key.js';
import { TimedSeries } from './timed-series.js';

export class SeriesSet {
  private readonly byId = new Map<string, TimedSeries>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.byId.size;
  }

  /** The series of `key`, made (empty) on first use. */
  series(key: SeriesKey): TimedSeries {
    const id = seriesId(key);
    let series = this.byId.get(id);
    if (!series) {
      series = new TimedSeries(key, this.capacity);
      this.byId.set(id, series);
    }
    return series;
  }

  /** A sample of `key` at `t`, unless the series already has one as new (a reading told twice). */
  push(key: SeriesKey, t: number, v: number): void {
    const series = this.series(key);
    const last = series.lastTime();
    if (last === null || t > last) series.push(t, v);
  }

  /** Every series the matcher picks, in the order they were first seen. */
  select(matcher: SeriesMatcher): TimedSeries[] {
    return [...this.byId.values()].filter((s) => matchesSeries(matcher, s.key));
  }

  /** From `t` nothing is read for series carrying all of `labels` (a host went down): a gap in each. */
  gapWhere(labels: Labels, t: number): void {
    const wanted = Object.entries(labels);
    for (const series of this.byId.values()) if (wanted.every(([k, v]) => series.key.labels[k] === v)) series.gap(t);
  }
}
