import { describe, expect, test } from 'vitest';
import {
  bucketIncrease,
  histogramIncrease,
  histogramQuantile,
  histogramSeries,
  seriesKey,
} from '../../../src/collect/prometheus/index.js';
import type { Bucket, HistogramSeries } from '../../../src/collect/prometheus/index.js';
import { fixtureText, parseFixture, pick } from './fixture-files.js';

interface ReferenceQuery {
  metric: string;
  q: string;
  kind: 'raw' | 'irate' | 'rate';
  phase: number;
  previousPhase?: number;
  expr: string;
  time: number;
  results: { labels: Record<string, string>; value: string }[];
}

const reference = JSON.parse(fixtureText('python-client/prometheus-quantiles.json')) as {
  prometheus: string;
  queries: ReferenceQuery[];
};

/** Prometheus' JSON renders floats as strings: "NaN", "+Inf", "-Inf", "0.0123". */
const promNumber = (text: string): number => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

const sameFloat = (x: number, y: number): boolean =>
  Object.is(x, y) || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));

const b = (pairs: [number, number][]): Bucket[] => pairs.map(([le, count]) => ({ le, count }));

describe(`histogram_quantile against the real ${reference.prometheus.split(' (')[0]}`, () => {
  test('the reference covers every histogram, quantile, phase and way of reading it', () => {
    expect(reference.queries).toHaveLength(4 * 10 * 7);
    expect(new Set(reference.queries.map((q) => q.kind))).toEqual(new Set(['raw', 'irate', 'rate']));
    expect(new Set(reference.queries.map((q) => q.metric))).toEqual(
      new Set(['order_processing_seconds', 'api_request_duration_seconds', 'price_slippage_bps', 'reset_demo_seconds']),
    );
  });

  for (const format of ['txt', 'om.txt'] as const) {
    const phases = [1, 2, 3].map((phase) => parseFixture(`python-client/phase-${phase}.${format}`));
    const series = (phase: number | undefined, metric: string): HistogramSeries[] => {
      const parsed = phases[(phase ?? 0) - 1];
      if (!parsed) throw new Error(`no phase ${phase} in the fixtures`);
      return histogramSeries(pick(parsed, `${metric}_bucket`));
    };

    test(`every answer matches, computed from phase-N.${format}`, () => {
      let compared = 0;
      for (const query of reference.queries) {
        const curr = series(query.phase, query.metric);
        const histograms =
          query.kind === 'raw' ? curr : histogramIncrease(series(query.previousPhase, query.metric), curr);
        const ours = Object.fromEntries(
          histograms.map((h) => [seriesKey('', h.labels), histogramQuantile(Number(query.q), h.buckets)]),
        );
        const theirs = Object.fromEntries(query.results.map((r) => [seriesKey('', r.labels), promNumber(r.value)]));
        expect(Object.keys(ours).sort(), query.expr).toEqual(Object.keys(theirs).sort());
        for (const [key, value] of Object.entries(theirs)) {
          const where = `${query.expr} at phase ${query.phase}, ${key}`;
          if (query.kind === 'raw') {
            // Same float64 operations in the same order: equal to the last bit.
            expect(ours[key], where).toBe(value);
          } else {
            // Prometheus divides each bucket's increase by the interval (2.011 s, say) before
            // the quantile; the ratios it interpolates with can move by an ulp. Anything
            // wrong in the method moves them by far more than 1e-12.
            expect(sameFloat(ours[key] ?? NaN, value), `${where}: ${ours[key]} vs ${value}`).toBe(true);
          }
          compared++;
        }
      }
      expect(compared).toBe(490); // (4 stages + 3 unlabelled histograms) × 10 q × 7 evaluations // 4 stages + 3 unlabelled histograms, × 10 q × 5 evaluations
    });
  }

  test('spot checks: the reference is not trivially NaN, and the phases differ', () => {
    const answer = (metric: string, q: string, kind: string, phase: number, stage?: string): string | undefined =>
      reference.queries
        .find((x) => x.metric === metric && x.q === q && x.kind === kind && x.phase === phase)
        ?.results.find((r) => r.labels.stage === stage)?.value;
    expect(answer('order_processing_seconds', '0.99', 'raw', 1, 'execute')).toBe('0.24807692307692308');
    expect(answer('order_processing_seconds', '0.99', 'irate', 2, 'execute')).toBe('0.5');
    expect(answer('order_processing_seconds', '0.99', 'rate', 2, 'execute')).toBe('0.5');
    expect(answer('order_processing_seconds', '0.5', 'raw', 1, 'cancel')).toBe('NaN');
    // 20 % of API calls beyond the last finite bucket: p90 is that bucket's bound.
    expect(answer('api_request_duration_seconds', '0.9', 'raw', 1)).toBe('2.5');
    // The lowest bucket's bound is negative: it is the answer, no interpolation from 0.
    expect(answer('price_slippage_bps', '0.01', 'raw', 1)).toBe('-10');
    // After the restart the per-bucket increases are non-monotonic and get fixed up.
    expect(answer('reset_demo_seconds', '0.5', 'irate', 3)).toBe('0.05');
  });
});

describe('histogramQuantile semantics, case by case', () => {
  const h = b([[1, 2], [2, 6], [4, 10], [Infinity, 10]]);

  test('q outside [0, 1] and NaN q, whatever the buckets', () => {
    expect(histogramQuantile(-0.1, h)).toBe(-Infinity);
    expect(histogramQuantile(1.1, h)).toBe(Infinity);
    expect(histogramQuantile(NaN, h)).toBeNaN();
    expect(histogramQuantile(-1, [])).toBe(-Infinity);
    expect(histogramQuantile(0.5, [])).toBeNaN();
  });

  test('linear interpolation inside the bucket holding the rank, in any input order', () => {
    expect(histogramQuantile(0.5, h)).toBe(1.75); // rank 5: 3 of the 4 between 1 and 2
    expect(histogramQuantile(0.5, [...h].reverse())).toBe(1.75);
    expect(histogramQuantile(0.2, h)).toBe(1); // rank 2 = the first bucket's whole count
    expect(histogramQuantile(0.1, h)).toBe(0.5); // lowest bucket starts at 0
  });

  test('no +Inf bucket, a single bucket, no observations → NaN', () => {
    expect(histogramQuantile(0.5, b([[1, 2], [2, 6]]))).toBeNaN();
    expect(histogramQuantile(0.5, b([[Infinity, 6]]))).toBeNaN();
    expect(histogramQuantile(0.5, b([[1, 0], [Infinity, 0]]))).toBeNaN();
  });

  test('a rank in the +Inf bucket answers the second-highest bound', () => {
    expect(histogramQuantile(0.9, b([[1, 5], [2, 6], [Infinity, 10]]))).toBe(2);
    expect(histogramQuantile(1, b([[1, 5], [2, 6], [Infinity, 10]]))).toBe(2);
  });

  test('lowest bound ≤ 0 is returned as is; above it, interpolation between the bounds', () => {
    const signed = b([[-1, 5], [0, 10], [Infinity, 10]]);
    expect(histogramQuantile(0.2, signed)).toBe(-1);
    expect(histogramQuantile(0.75, signed)).toBe(-0.5);
  });

  test('q = 0 over an empty lowest bucket is NaN (0/0), as in Prometheus', () => {
    expect(histogramQuantile(0, b([[1, 0], [2, 4], [Infinity, 4]]))).toBeNaN();
    expect(histogramQuantile(0, h)).toBe(0);
  });

  test('non-monotonic counts are raised to the envelope before the search', () => {
    // Without the fix-up the bisection lands in le=1 and answers 0.583…
    expect(histogramQuantile(0.5, b([[0.1, 5], [0.2, 2], [0.5, 2], [1, 5], [Infinity, 5]]))).toBe(0.05);
  });

  test('buckets with the same bound (le="1" and le="1.0") are added together', () => {
    expect(histogramQuantile(0.5, b([[1, 2], [1, 3], [Infinity, 5]]))).toBe(0.5);
  });

  test('counts differing by float noise (≤ 1e-12 relative) count as equal', () => {
    // Without the tolerance the rank would land in the (1, 2] bucket holding 5e-12 observations.
    expect(histogramQuantile(1, b([[1, 10], [2, 10 + 5e-12], [Infinity, 10 + 5e-12]]))).toBe(1);
  });

  test('NaN counts behave as in Go: the rank is never reached', () => {
    expect(histogramQuantile(0.5, b([[1, NaN], [2, NaN], [Infinity, NaN]]))).toBe(2);
  });

  test('NaN bounds are ignored', () => {
    expect(histogramQuantile(0.25, b([[NaN, 3], [1, 2], [Infinity, 4]]))).toBe(0.5);
  });
});

describe('bucket increases between scrapes', () => {
  test('each bucket is a counter: drops are resets, missing buckets are left out', () => {
    const prev = b([[0.1, 10], [0.2, 10], [0.5, 10], [1, 10], [Infinity, 10]]);
    const curr = b([[0.1, 5], [0.2, 12], [0.5, 12], [1, 15], [Infinity, 15], [2, 15]]);
    expect(bucketIncrease(prev, curr)).toEqual(b([[0.1, 5], [0.2, 2], [0.5, 2], [1, 5], [Infinity, 5]]));
  });

  test('histogramIncrease pairs series by labels and skips series new in the second scrape', () => {
    const one = (stage: string, buckets: Bucket[]): HistogramSeries => ({ name: 'x_bucket', labels: { stage }, buckets });
    const out = histogramIncrease(
      [one('a', b([[1, 1], [Infinity, 2]]))],
      [one('b', b([[1, 9], [Infinity, 9]])), one('a', b([[1, 4], [Infinity, 8]]))],
    );
    expect(out).toEqual([one('a', b([[1, 3], [Infinity, 6]]))]);
  });

  test('histogramSeries skips samples without a numeric le', () => {
    const groups = histogramSeries([
      { name: 'x_bucket', labels: { le: '1' }, value: 1 },
      { name: 'x_bucket', labels: { le: 'abc' }, value: 2 },
      { name: 'x_bucket', labels: {}, value: 3 },
      { name: 'x_bucket', labels: { le: '+Inf' }, value: 4 },
    ]);
    expect(groups).toEqual([{ name: 'x_bucket', labels: {}, buckets: b([[1, 1], [Infinity, 4]]) }]);
  });
});
