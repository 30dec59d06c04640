/** The pure parts of load testing: thresholds, the arrival schedule, templates, checks, the mix. */
import { describe, expect, it } from 'vitest';
import { evaluateChecks, jsonField, RequestMix, responseError } from '../../src/load/request-mix.js';
import { compileTemplate, fillTemplate } from '../../src/load/request-template.js';
import { scenarioSchema } from '../../src/load/scenario-schema.js';
import { arrivalTimes, levelAt, plannedRequests } from '../../src/load/stage-plan.js';
import { evaluateThresholds, formatThresholdResult, thresholdProblem, type ThresholdInputs } from '../../src/load/thresholds.js';
import { DataFeed } from '../../src/load/data-feed.js';
import { mannWhitneyP } from '../../src/analysis/rank-tests.js';

const inputs: ThresholdInputs = {
  latencyAt: (p) => (p >= 99 ? 80 : 10),
  meanMs: 12,
  maxMs: 300,
  requests: 1000,
  errors: 4,
  dropped: 0,
  late: 2,
  checksPassed: 990,
  checksTotal: 1000,
  rps: 401.5,
};

describe('thresholds', () => {
  it('judge each metric in its own unit', () => {
    const results = evaluateThresholds(['p99 < 50ms', 'p50 <= 10ms', 'errors < 0.5%', 'errors == 4', 'rps >= 400', 'checks > 99.5%', 'max < 0.2s', 'dropped == 0', 'late < 1'], inputs);
    expect(results.map(formatThresholdResult)).toEqual([
      'p99 < 50ms: 80ms FAIL',
      'p50 <= 10ms: 10ms pass',
      'errors < 0.5%: 0.40% pass',
      'errors == 4: 4 pass',
      'rps >= 400: 401.5/s pass',
      'checks > 99.5%: 99% FAIL',
      'max < 0.2s: 300ms FAIL',
      'dropped == 0: 0 pass',
      'late < 1: 2 FAIL',
    ]);
  });

  it('say what is wrong with a malformed one', () => {
    expect(thresholdProblem('p99 < 50')).toContain('a latency limit needs a unit');
    expect(thresholdProblem('rps >= 5%')).toContain('not a percentage');
    expect(thresholdProblem('checks > 99')).toContain('checks is the share that passed');
    expect(thresholdProblem('speed > 3')).toContain('is not a threshold');
    expect(thresholdProblem('p99.9 < 1s')).toBeUndefined();
  });
});

describe('the arrival schedule (open model)', () => {
  it('puts a flat stage’s arrivals evenly, r per second', () => {
    const times = [...arrivalTimes([{ duration: 1, target: 4 }, { duration: 1, target: 4 }])];
    // The first stage ramps 0→4: 2 arrivals at τ where 2τ² = k.
    expect(times.map((t) => Math.round(t * 1000) / 1000)).toEqual([0.707, 1, 1.25, 1.5, 1.75, 2]);
  });

  it('sends the integral of the rate, and ramps linearly', () => {
    const stages = [{ duration: 10, target: 100 }, { duration: 10, target: 100 }, { duration: 10, target: 0 }];
    expect(plannedRequests(stages)).toBe(2000);
    expect([...arrivalTimes(stages)].length).toBe(2000);
    expect(levelAt(stages, 5)).toBe(50);
    expect(levelAt(stages, 25)).toBe(50);
    expect(levelAt(stages, 31)).toBe(0);
    const times = [...arrivalTimes(stages)];
    expect(times.filter((t) => t <= 10).length).toBe(500);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });
});

describe('templates, data and checks', () => {
  it('fill ${n}, ${user} and ${source.column}, leaving other text alone', () => {
    const template = compileTemplate('/u/${users.id}?n=${n}&by=${user}&n=n');
    expect(fillTemplate(template, { n: 7, user: 2, rows: new Map([['users', { id: 'ann' }]]) })).toBe('/u/ann?n=7&by=2&n=n');
  });

  it('hand out rows sequentially (wrapping), at random, or each once', () => {
    const table = { columns: ['id'], rows: [{ id: '1' }, { id: '2' }] };
    const sequential = new DataFeed(table, 'sequential');
    expect([1, 2, 3].map(() => sequential.next()?.id)).toEqual(['1', '2', '1']);
    const unique = new DataFeed(table, 'unique');
    expect([1, 2, 3].map(() => unique.next()?.id)).toEqual(['1', '2', undefined]);
    const random = new DataFeed(table, 'random', () => 0.99);
    expect(random.next()?.id).toBe('2');
  });

  it('judge status, body text and JSON fields; without a status check, 4xx and 5xx are errors', () => {
    const checks = [{ status: [200, 201] }, { bodyContains: 'accepted' }, { json: { path: 'order.items[1].qty', equals: 2 } }, { json: { path: 'order.id' } }];
    const body = JSON.stringify({ order: { id: 9, state: 'accepted', items: [{ qty: 1 }, { qty: 2 }] } });
    expect(evaluateChecks(checks, 201, body).map((c) => c.passed)).toEqual([true, true, true, true]);
    const bad = evaluateChecks(checks, 500, 'oops');
    expect(bad.map((c) => c.passed)).toEqual([false, false, false, false]);
    expect(responseError(checks, bad, 500)).toBe('check failed: status 200|201');
    expect(responseError([], [], 503)).toBe('status 503');
    expect(responseError([], [], 302)).toBeUndefined();
    expect(jsonField({ a: [{ b: null }] }, 'a[0].b')).toBeNull();
    expect(jsonField({ a: 1 }, 'a.b')).toBeUndefined();
  });

  it('draw the mix by weight', () => {
    const scenario = scenarioSchema.parse({
      name: 'mix',
      target: 'http://127.0.0.1:9',
      stages: [{ duration: 1, target: 1 }],
      requests: [{ name: 'a', url: '/a', weight: 3 }, { name: 'b', url: 'http://127.0.0.2:9/b' }],
    });
    let draw = 0;
    const mix = new RequestMix(scenario, new Map(), () => [0.1, 0.74, 0.76, 0.99][draw++ % 4]!);
    expect([1, 2, 3, 4].map((n) => mix.next(n, 0)?.url.href)).toEqual(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/a', 'http://127.0.0.2:9/b', 'http://127.0.0.2:9/b']);
    expect(mix.origins()).toEqual(['http://127.0.0.1:9', 'http://127.0.0.2:9']);
  });
});

describe('Mann–Whitney U (run comparison)', () => {
  it('gives the two-sided p of the normal approximation, with mid-ranks for ties', () => {
    // Fully separated 3 vs 3: U = 0, mean 4.5, variance 5.25, z = −1.964.
    expect(mannWhitneyP([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.0495, 3);
    expect(mannWhitneyP([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 6);
    expect(mannWhitneyP([5, 5, 5], [5, 5, 5])).toBe(1);
    expect(mannWhitneyP([1, 2], [3, 4, 5])).toBeNull();
  });
});
