/**
 * The results analyzer: the USL fit on throughputs the law generated, and the knee and maximum
 * sustainable throughput of stepped runs against the lab service with a known capacity (4
 * workers × 40 ms a request: exactly 100 requests/s), through the real `perfmon load` and
 * `perfmon load report`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitUsl, uslThroughput } from '../../src/load/usl-fit.js';
import { analyseRun } from '../../src/load/run-analysis.js';
import type { SecondFigures } from '../../src/load/load-summary.js';
import { jsonLines, perfmonLoad, scratch, startLoadService, type LoadService } from './load-lab.js';

describe('USL fit', () => {
  it('recovers σ, κ and λ from throughputs the law gives, and the peak they imply', () => {
    const truth = { lambda: 50, sigma: 0.05, kappa: 0.002 };
    const fit = fitUsl([1, 2, 4, 8, 16, 32, 48].map((n) => ({ n, x: uslThroughput(truth, n) })))!;
    expect(fit.lambda).toBeCloseTo(50, 1);
    expect(fit.sigma).toBeCloseTo(0.05, 3);
    expect(fit.kappa).toBeCloseTo(0.002, 4);
    expect(fit.r2).toBeCloseTo(1, 6);
    expect(fit.peakN).toBeCloseTo(Math.sqrt(0.95 / 0.002), 0);
  });

  it('says there is no peak (only an asymptote λ/σ) when coherency costs nothing, and needs three levels', () => {
    const fit = fitUsl([1, 2, 4, 8, 16].map((n) => ({ n, x: uslThroughput({ lambda: 100, sigma: 0.1, kappa: 0 }, n) })))!;
    expect(fit.kappa).toBe(0);
    expect(fit.peakN).toBeNull();
    expect(fit.peakX).toBeCloseTo(1000, 0);
    expect(fitUsl([{ n: 1, x: 10 }, { n: 2, x: 20 }])).toBeNull();
  });
});

describe('knee of a stepped run (from per-second figures)', () => {
  const second = (n: number, rps: number, p99: number, level: number): SecondFigures => ({
    type: 'second',
    second: n,
    rps,
    latency: { p50: p99 / 2, p90: p99 * 0.8, p99, p999: p99, max: p99, mean: p99 / 2 },
    errors: 0,
    checksPassed: 0,
    checksTotal: 0,
    dropped: 0,
    late: 0,
    inFlight: 0,
    level,
  });
  const stages = [100, 200, 300].flatMap((target) => [{ duration: 0.001, target }, { duration: 3, target }]);

  it('reads a ramp-only scenario as not stepped', () => {
    expect(analyseRun({ model: 'open', stages: [{ duration: 10, target: 100 }], thresholds: [], seconds: [] }).note).toMatch(/^not a stepped run/);
  });

  it('breaks on throughput short of the rate asked, without a latency threshold, and leaves out each hold’s first second', () => {
    // Second 4 (the first of the 200/s hold) is a settling spike the analysis must not judge.
    const seconds = [second(1, 100, 10, 100), second(2, 100, 10, 100), second(3, 100, 10, 100), second(4, 150, 900, 200), second(5, 200, 11, 200), second(6, 200, 12, 200), second(7, 240, 12, 300), second(8, 240, 12, 300), second(9, 240, 12, 300)];
    const analysis = analyseRun({ model: 'open', stages, thresholds: [], seconds });
    expect(analysis.steps.map((step) => [step.level, step.rps, step.fromSecond, step.toSecond])).toEqual([
      [100, 100, 2, 3],
      [200, 200, 5, 6],
      [300, 240, 8, 9],
    ]);
    expect(analysis.latencyLimit).toMatchObject({ metric: 'p99', ms: 30 });
    expect(analysis.knee?.level).toBe(300);
    expect(analysis.knee?.broke).toBe('served 240/s of the 300/s asked');
    expect(analysis.sustainable?.rps).toBe(200);
  });
});

describe('the knee against the lab service (capacity exactly 100 requests/s)', () => {
  const CAPACITY = 100;
  let service: LoadService;
  const files = scratch();
  const env = { ...files.env, PERFMON_STATE_DIR: join(files.dir, 'state-runs') };

  beforeAll(async () => {
    service = await startLoadService(4, 40);
  });
  afterAll(() => {
    service?.stop();
    files.remove();
  });

  const stepped = (name: string, model: 'open' | 'closed', levels: number[], hold: string, thresholds: string[]) =>
    files.write(
      `${name}.yaml`,
      [
        `name: ${name}`,
        `target: ${service.url}`,
        `model: ${model}`,
        'connections: 64',
        'stages:',
        ...levels.flatMap((level) => [`  - { duration: 1ms, target: ${level} }`, `  - { duration: ${hold}, target: ${level} }`]),
        'requests: [{ name: hit, url: /hit }]',
        `thresholds: ${JSON.stringify(thresholds)}`,
        '',
      ].join('\n'),
    );

  type Analysis = { knee: { level: number; rps: number; broke: string } | null; sustainable: { level: number; rps: number } | null; usl: { peakX: number; peakN: number | null; sigma: number; kappa: number } | null };

  /**
   * A stepped open-model run, again (at most three times) while the analysis says it could not
   * judge every step: on a machine busy enough that the generator sent late in every second of a
   * hold, that step measured the machine, not the service.
   */
  async function judgedRun(path: string, levels: number): Promise<{ code: number | null; stdout: string; analysis: Analysis }> {
    for (let attempt = 1; ; attempt++) {
      const run = await perfmonLoad([path], env).done;
      const id = /^Saved as run (\S+):/m.exec(run.stdout)![1]!;
      const { analysis } = JSON.parse((await perfmonLoad(['report', id, '--json'], env).done).stdout) as { analysis: Analysis & { steps: unknown[] } };
      if (analysis.steps.length === levels || attempt === 3) return { ...run, analysis };
    }
  }

  it('open model: the knee is the first rate over capacity (a backlog building), the sustainable throughput within 10 % of 100/s; perfmon load report shows it', async () => {
    const levels = [60, 75, 85, 95, 115, 130];
    const path = stepped('open-steps', 'open', levels, '5s', ['p99 < 200ms']);
    const { code, stdout, analysis } = await judgedRun(path, levels.length);
    // The p99 threshold fails over the whole run (the steps past capacity): exit 1.
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Knee at 115\/s: .+\. Maximum sustainable throughput \d+\.\d req\/s \(at 95\/s; the service carried \S+ req\/s at the knee/m);
    expect(analysis.knee!.level).toBe(115);
    // Over capacity a backlog builds: the latency climbs through the hold (and passes its limit).
    expect(analysis.knee!.broke).toMatch(/p50 climbing \S+\/s \(a backlog growing\)/);
    expect(Math.abs(analysis.sustainable!.rps - CAPACITY) / CAPACITY).toBeLessThanOrEqual(0.1);
    // At the knee the service is saturated: what it carried there is its capacity.
    expect(Math.abs(analysis.knee!.rps - CAPACITY) / CAPACITY).toBeLessThanOrEqual(0.1);
    expect(analysis.usl).toBeNull();

    const id = /^Saved as run (\S+):/m.exec(stdout)![1]!;
    const text = await perfmonLoad(['report', id], env).done;
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}level +req\/s +p99 +errors +seconds +verdict$/m);
    expect(text.stdout).toMatch(/^ {2}95\/s +\d+\.\d +\S+ +0\.00% +\d+–\d+s( \(\d left out\))? +held$/m);
    expect(text.stdout).toMatch(/^ {2}115\/s +\d+\.\d +\S+ +\S+ +\d+–\d+s( \(\d left out\))? +KNEE: /m);
  }, 240_000);

  it('closed model: throughput stops growing at the 4 workers; the USL fit puts the peak within 10 % of 100/s', async () => {
    const path = stepped('closed-steps', 'closed', [1, 2, 4, 8, 12], '5s', []);
    const run = await perfmonLoad([path, '--json'], env).done;
    expect(run.code).toBe(0);
    const analysis = jsonLines(run.stdout).find((line) => line.type === 'analysis') as unknown as Analysis;
    expect(analysis.knee!.level).toBe(8);
    // Past the workers each user only waits longer: latency may break its limit too.
    expect(analysis.knee!.broke).toMatch(/(^|; )throughput [-+]\d+(\.\d)?% for \+100% load$/);
    expect(analysis.sustainable!.level).toBe(4);
    // 4 users on 4 workers leave each worker idle for a round trip between requests, so the
    // service's capacity shows at the knee, where it is saturated.
    expect(Math.abs(analysis.knee!.rps - CAPACITY) / CAPACITY).toBeLessThanOrEqual(0.1);
    expect(Math.abs(analysis.usl!.peakX - CAPACITY) / CAPACITY).toBeLessThanOrEqual(0.1);
    expect(analysis.usl!.kappa).toBeGreaterThan(0);
    // With --json, what is said to the operator goes to stderr.
    const id = /^Saved as run (\S+):/m.exec(run.stderr)![1]!;
    const text = await perfmonLoad(['report', id], env).done;
    expect(text.stdout).toMatch(/^USL fit \(users → req\/s\): λ \S+ req\/s per user, σ \S+ \(contention\), κ \S+ \(coherency\), R² \S+; predicted peak \d+\.\d req\/s at \S+ users, less beyond; at 24 users \(2× the 12 tried\)/m);
  }, 90_000);
});
