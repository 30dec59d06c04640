/**
 * A single-valued series as a `timestamp,value` CSV (the Numenta Anomaly Benchmark's format, and
 * what `perfmon anomalies` reads). Timestamps are kept as written, for the output, and as epoch
 * milliseconds (a timestamp without a zone is UTC), for the detector's seasonal buckets.
 */
export interface SeriesCsv {
  /** Timestamps exactly as in the file. */
  timestamps: string[];
  /** The same instants in epoch milliseconds. */
  times: number[];
  values: number[];
}

/** A CSV that cannot be read as a series; the message names `file:line`. */
export class SeriesCsvError extends Error {
  override name = 'SeriesCsvError';
}

/** `2014-04-10 07:15:00[.000000]` (NAB), ISO 8601 with or without a zone, → epoch ms, or NaN. */
export function parseTimestamp(text: string): number {
  const iso = text.trim().replace(' ', 'T');
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(iso);
  return Date.parse(zoned ? iso : `${iso}Z`);
}

/**
 * Parses the whole text. The header must name `timestamp` and `value` (in that order, any case);
 * every row needs a readable timestamp, a finite number, and a time no earlier than the previous
 * row's (the detector runs in time order; real exports repeat a timestamp at a clock change). Blank lines are skipped.
 */
export function parseSeriesCsv(text: string, file: string): SeriesCsv {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase());
  if (header.length !== 2 || header[0] !== 'timestamp' || header[1] !== 'value') {
    throw new SeriesCsvError(`${file}:1: expected the header "timestamp,value" (got ${JSON.stringify(lines[0] ?? '')})`);
  }
  const series: SeriesCsv = { timestamps: [], times: [], values: [] };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${file}:${i + 1}`;
    const fields = line.split(',');
    if (fields.length !== 2) throw new SeriesCsvError(`${where}: expected 2 fields "timestamp,value" (got ${fields.length})`);
    const stamp = fields[0]!.trim();
    const time = parseTimestamp(stamp);
    if (!Number.isFinite(time)) throw new SeriesCsvError(`${where}: unreadable timestamp ${JSON.stringify(stamp)}`);
    const valueText = fields[1]!.trim();
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) throw new SeriesCsvError(`${where}: value is not a number (${JSON.stringify(valueText)})`);
    const previous = series.times[series.times.length - 1];
    if (previous !== undefined && time < previous) {
      throw new SeriesCsvError(`${where}: timestamp ${stamp} is before the previous row's ${series.timestamps[series.timestamps.length - 1]!}`);
    }
    series.timestamps.push(stamp);
    series.times.push(time);
    series.values.push(value);
  }
  if (series.values.length === 0) throw new SeriesCsvError(`${file}:1: no rows after the header`);
  return series;
}
