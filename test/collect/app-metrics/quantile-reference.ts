/** The histogram_quantile answers a real Prometheus gave for the Python fixture service (fixtures/prometheus/python-client). */
import { readFileSync } from 'node:fs';

export interface ReferenceQuery {
  metric: string;
  q: string;
  kind: 'raw' | 'irate' | 'rate';
  phase: number;
  previousPhase?: number;
  results: { labels: Record<string, string>; value: string }[];
}

export const reference = JSON.parse(
  readFileSync(new URL('../../../fixtures/prometheus/python-client/prometheus-quantiles.json', import.meta.url), 'utf8'),
) as { queries: ReferenceQuery[] };

/** Prometheus' JSON renders floats as strings: "NaN", "+Inf", "-Inf", "0.0123". */
export const promNumber = (text: string): number => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

export const sameFloat = (x: number, y: number): boolean =>
  Object.is(x, y) || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));

/** The quantiles over the increase between two phases (Prometheus' irate; same buckets as rate on an aligned window). */
export const increaseQueries = (): ReferenceQuery[] => reference.queries.filter((q) => q.kind === 'irate');
