/**
 * `perfmon load` as a real process against the lab service (a known capacity: N workers, a
 * fixed cost per request, loopback only): thresholds and exit codes, coordinated omission shown
 * by a 1 s stall, a stop mid-run leaving no connection open, and the safety rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, perfmonLoad, scratch, socketsLeftOpen, startLoadService, type LoadService } from './load-lab.js';

let service: LoadService;
const files = scratch();

beforeAll(async () => {
  // 4 workers × 2 ms: 2,000 requests/s, far above what these tests ask for.
  service = await startLoadService(4, 2);
});

afterAll(() => {
  service?.stop();
  files.remove();
});

interface ScenarioOptions {
  name?: string;
  target?: string;
  model?: 'open' | 'closed';
  stages: string;
  url?: string;
  checks?: string;
  thresholds?: string[];
  extra?: string;
}

/** A level held for `duration` (stages ramp from the previous level, 0 at the start: this one almost at once). */
const flat = (duration: string, level: number): string => `[{ duration: 1ms, target: ${level} }, { duration: ${duration}, target: ${level} }]`;

function scenario(file: string, options: ScenarioOptions): string {
  return files.write(
    file,
    [
      `name: ${options.name ?? 'lab'}`,
      `target: ${options.target ?? service.url}`,
      `model: ${options.model ?? 'open'}`,
      `stages: ${options.stages}`,
      'connections: 8',
      ...(options.extra === undefined ? [] : [options.extra]),
      'requests:',
      `  - name: quote`,
      `    url: ${options.url ?? '/quote?n=${n}'}`,
      `    checks: ${options.checks ?? '[{ status: 200 }, { json: { path: price, equals: 101.5 } }]'}`,
      `thresholds: ${JSON.stringify(options.thresholds ?? [])}`,
      '',
    ].join('\n'),
  );
}

type Summary = { type: 'summary'; requests: number; errors: number; rps: number; passed: boolean; endReason: string; latency: { p99: number; max: number }; errorKinds: Record<string, number>; thresholds: { text: string; passed: boolean }[] };

function summaryOf(stdout: string): Summary {
  return jsonLines(stdout).find((line) => line.type === 'summary') as unknown as Summary;
}

describe('perfmon load against the lab service', () => {
  it('passes its thresholds: exit 0, a progress line per second, the summary and the audit lines', async () => {
    const path = scenario('pass.yaml', { stages: flat('2s', 50), thresholds: ['errors == 0', 'rps >= 40', 'checks > 99%'] });
    const before = (await service.stats()).served;
    const { code, stdout, stderr } = await perfmonLoad([path], files.env).done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // Flat 50/s for 2 s: exactly 100 requests are due, and the service saw every one.
    expect((await service.stats()).served - before).toBe(100);
    expect(stdout).toContain(`  targets:  ${service.url}\n`);
    expect(stdout).toContain('  load:     open model, peak 50 requests/s, about 100 requests\n');
    expect(stdout).toMatch(/^ {3}1s +\d+ req\/s \(asked 50\/s\)  p50 \S+ms  p90 \S+  p99 \S+  errors 0  checks 100%/m);
    expect(stdout).toMatch(/^Summary of lab: 100 requests in 2\.\ds, (4\d|50)\.\d req\/s$/m);
    expect(stdout).toContain('  threshold errors == 0: 0 pass\n');
    expect(stdout).toContain('  threshold checks > 99%: 100% pass\n');
    expect(stdout.trimEnd().split('\n').slice(-2)).toEqual(['Result: pass', expect.stringMatching(/^Saved as run lab-\d{8}-\d{6}: perfmon load report lab-/)]);
    const audit = readFileSync(join(files.dir, 'state/perfmon/audit.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(audit.map((line) => [line.event, line.action, line.host, line.scenario])).toEqual([
      ['before', 'load', service.url, 'lab'],
      ['after', 'load', service.url, 'lab'],
    ]);
    expect(audit[1]).toMatchObject({ endReason: 'done', requests: 100, errors: 0, passed: true });
  });

  it('fails a threshold: exit 1, the failing check named (--json)', async () => {
    const path = scenario('fail.yaml', { stages: flat('1s', 40), url: '/status/503', checks: '[{ status: 200 }]', thresholds: ['errors < 0.5%'] });
    const { code, stdout } = await perfmonLoad([path, '--json'], files.env).done;
    expect(code).toBe(1);
    const summary = summaryOf(stdout);
    expect(summary).toMatchObject({ requests: 40, errors: 40, passed: false, errorKinds: { 'check failed: status 200': 40 } });
    expect(summary.thresholds).toEqual([{ text: 'errors < 0.5%', measured: 100, passed: false }]);
    expect(jsonLines(stdout).filter((line) => line.type === 'second').length).toBeGreaterThanOrEqual(1);
  });

  it('shows coordinated omission: a 1 s stall puts the open model’s p99 at the stall, not the closed model’s', async () => {
    const run = async (model: 'open' | 'closed', stages: string) => {
      const path = scenario(`co-${model}.yaml`, { name: `co-${model}`, model, stages, thresholds: [] });
      const load = perfmonLoad([path, '--json'], files.env);
      // Stall the service once the run is under way.
      await load.line((line) => line.includes('"type":"second"'));
      await service.pause(1000);
      const { code, stdout } = await load.done;
      expect(code).toBe(0);
      return summaryOf(stdout);
    };
    // Open: 100 requests/s for 4 s; the ~100 due during the stall each wait for its end.
    const open = await run('open', flat('4s', 100));
    expect(open.requests).toBe(400);
    expect(open.latency.p99).toBeGreaterThanOrEqual(900);
    // Closed: 2 users; each has one request caught in the stall and sends nothing meanwhile,
    // so the stall is 2 samples among thousands: the max shows it, the p99 does not.
    const closed = await run('closed', flat('4s', 2));
    expect(closed.latency.max).toBeGreaterThanOrEqual(900);
    expect(closed.requests).toBeGreaterThan(400);
    expect(closed.latency.p99).toBeLessThan(500);
  });

  it('stops at once on Ctrl-C (SIGINT): exit 1, reported as stopped, no connection left open at the service', async () => {
    const path = scenario('long.yaml', { name: 'long', stages: flat('60s', 50) });
    const load = perfmonLoad([path, '--json'], files.env);
    await load.line((line) => line.includes('"type":"second"'));
    expect((await service.stats()).sockets).toBeGreaterThan(0);
    load.child.kill('SIGINT');
    const { code, stdout, stderr } = await load.done;
    expect(code).toBe(1);
    expect(stderr).toContain('SIGINT: stopping the load test now (connections closed)');
    expect(summaryOf(stdout)).toMatchObject({ endReason: 'stopped', passed: false });
    expect(await socketsLeftOpen(service.stats)).toBe(0);
  });
});

describe('stored runs and perfmon load report', () => {
  it('keeps every run; --baseline flags a slower service as a regression with its p-value (exit 1), not an equal one', async () => {
    const env = { ...files.env, PERFMON_STATE_DIR: join(files.dir, 'runs-state') };
    const runOnce = async (url: string) => {
      const path = scenario('report.yaml', { name: 'report', stages: flat('5s', 40), target: url });
      const { code, stdout } = await perfmonLoad([path], env).done;
      expect(code).toBe(0);
      return /^Saved as run (\S+): perfmon load report \1 \[--baseline RUN\]$/m.exec(stdout)![1]!;
    };
    // The same service, then one far slower per request (8 workers × 100 ms, room for the
    // 40/s offered): slower by more than a loaded machine's scheduling stalls can make it look.
    const slow = await startLoadService(8, 100);
    try {
      const baseline = await runOnce(service.url);
      const same = await runOnce(service.url);
      const slower = await runOnce(slow.url);
      const list = await perfmonLoad(['report'], env).done;
      expect(list.stdout.trim().split('\n').sort()).toEqual([baseline, same, slower].sort());

      const regressed = await perfmonLoad(['report', slower, '--baseline', baseline], env).done;
      expect(regressed.code).toBe(1);
      expect(regressed.stdout).toContain(`Run ${slower} (`);
      expect(regressed.stdout).toMatch(/^ {2}p50 +\S+ms → \S+ms +\+\d+\.\d%  p=0\.0\d\d  REGRESSION$/m);

      const json = await perfmonLoad(['report', same, '--baseline', baseline, '--json'], env).done;
      const report = JSON.parse(json.stdout) as { comparison: { metric: string; regression: boolean }[]; seconds: unknown[] };
      expect(report.seconds.length).toBeGreaterThanOrEqual(5);
      expect(report.comparison.find((row) => row.metric === 'rps')?.regression).toBe(false);
    } finally {
      slow.stop();
    }
  }, 90_000); // three 5 s runs, each a perfmon start, on a loaded machine
});

describe('perfmon load safety', () => {
  const inventory = (name: string, lines: string[]) => files.write(name, [...lines, 'hosts: []', ''].join('\n'));

  it('refuses an inventory environment named production unless the scenario names it, and sends nothing', async () => {
    const production = inventory('prod.yaml', ['environment: production', `audit: { path: ${join(files.dir, 'prod-audit.jsonl')} }`]);
    const path = scenario('unnamed.yaml', { stages: flat('1s', 5) });
    const before = (await service.stats()).served;
    const refused = await perfmonLoad([path, '--config', production, '--yes'], files.env).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`perfmon: load refused: ${production} is environment production; a load test runs there only when the scenario names it (environment: production)\n`);
    expect((await service.stats()).served).toBe(before);

    const named = scenario('named.yaml', { stages: flat('1s', 5), extra: 'environment: production' });
    const allowed = await perfmonLoad([named, '--config', production, '--yes'], files.env).done;
    expect(allowed.code).toBe(0);
    expect(allowed.stdout.split('\n')[0]).toBe('*** ENVIRONMENT: PRODUCTION ***');
    expect((await service.stats()).served - before).toBe(5);
    expect(readFileSync(join(files.dir, 'prod-audit.jsonl'), 'utf8')).toContain('"environment":"production"');
  });

  it('asks for the environment name with an inventory (refusing without a terminal), and obeys read-only and the actions list', async () => {
    const staging = inventory('staging.yaml', ['environment: staging']);
    const path = scenario('small.yaml', { stages: flat('1s', 5) });
    const unconfirmed = await perfmonLoad([path, '--config', staging], files.env).done;
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe('perfmon: refusing to start the load test in staging without --yes: there is no terminal to confirm on (stdin and stdout must both be one)\n');
    expect(unconfirmed.stdout).toContain('  load:     open model, peak 5 requests/s, about 5 requests\n');

    const readOnly = await perfmonLoad([path, '--read-only'], files.env).done;
    expect(readOnly).toMatchObject({ code: 2, stderr: 'perfmon: load refused: perfmon runs with --read-only, which allows no action\n' });

    const noLoad = inventory('no-load.yaml', ['environment: staging', 'actions: [restart]']);
    const notAllowed = await perfmonLoad([path, '--config', noLoad, '--yes'], files.env).done;
    expect(notAllowed).toMatchObject({ code: 2, stderr: `perfmon: load refused: it is not in the actions allowed by ${noLoad} (actions: restart)\n` });

    const meantElsewhere = scenario('for-qa.yaml', { stages: flat('1s', 5), extra: 'environment: qa' });
    const mismatch = await perfmonLoad([meantElsewhere, '--config', staging, '--yes'], files.env).done;
    expect(mismatch).toMatchObject({ code: 2, stderr: `perfmon: load refused: the scenario is for environment qa, and ${staging} is environment staging\n` });
  });

  it('reports a bad scenario as file:line with exit 2', async () => {
    const path = files.write('broken.yaml', 'name: x\nstages: []\nrequests: [{ name: a, url: /a }]\n');
    const { code, stderr } = await perfmonLoad([path], files.env).done;
    expect(code).toBe(2);
    expect(stderr).toBe(`${path}:2:9: stages: a scenario needs at least one stage (got a list)\n${path}:3:28: requests[0].url: /a is a path, and the scenario has no target: add target: http://host:port or write the full URL\n${path}: invalid scenario, 2 problems\n`);
  });
});
