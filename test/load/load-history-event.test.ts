/**
 * A load run is marked in history: the recorder follows the inventory's audit log, where the
 * real `perfmon load` writes its start (scenario, model, peak, duration) and its end (requests,
 * the busiest second, p99, pass/fail), and `perfmon history events` shows both.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/history/recorder.js';
import { runPerfmon } from '../support-bin.js';
import { perfmonLoad, scratch, startLoadService, type LoadService } from './load-lab.js';

let service: LoadService;
const files = scratch();

beforeAll(async () => {
  service = await startLoadService(2, 1);
});
afterAll(() => {
  service?.stop();
  files.remove();
});

describe('a load run in history', () => {
  it('is recorded as two events (start and end) with the scenario, the peak asked and the peak reached, and listed by perfmon history events', async () => {
    const auditFile = join(files.dir, 'audit.jsonl');
    const store = join(files.dir, 'history');
    const inventory = files.write('staging.yaml', ['environment: staging', `audit: { path: ${auditFile} }`, `history: { path: ${store} }`, 'hosts: []', ''].join('\n'));
    const scenario = files.write(
      'marked.yaml',
      ['name: marked', `target: ${service.url}`, 'stages: [{ duration: 1ms, target: 50 }, { duration: 2s, target: 50 }]', 'requests: [{ name: hit, url: /hit }]', ''].join('\n'),
    );
    const recorder = await Recorder.start(async () => ({ hosts: [], auditLog: auditFile, stop: () => {} }), { store, log: () => {}, flushIntervalMs: 100 });
    const run = await perfmonLoad([scenario, '--config', inventory, '--yes'], files.env).done;
    expect(run.code).toBe(0);
    // Stopping reads the audit log a last time and writes what it holds.
    await recorder.stop();

    const json = await runPerfmon(['history', 'events', '--config', inventory, '--from', '-10m', '--json'], files.env);
    expect(json.stderr).toBe('');
    const { events } = JSON.parse(json.stdout) as { events: { t: number; event: Record<string, unknown> }[] };
    const load = events.filter((e) => e.event['action'] === 'load');
    expect(load.map((e) => e.event['event'])).toEqual(['before', 'after']);
    const [before, after] = load.map((e) => e.event);
    expect(before).toMatchObject({ scenario: 'marked', model: 'open', peak: 50, durationSeconds: 2.001, environment: 'staging', host: service.url, detail: 'scenario marked, open model, peak 50/s for 2.001s' });
    expect(after).toMatchObject({ scenario: 'marked', start: before!['start'], exitStatus: 0, requests: 100, passed: true, endReason: 'done' });
    expect(Date.parse(after!['end'] as string) - Date.parse(after!['start'] as string)).toBeGreaterThanOrEqual(2000);
    expect(after!['peakRps']).toBeGreaterThanOrEqual(40);
    expect(after!['detail']).toMatch(/^done: 100 requests, peak \d+ req\/s, p99 \S+ms, 0 errors, pass$/);

    const text = await runPerfmon(['history', 'events', '--config', inventory, '--from', '-10m'], files.env);
    const lines = text.stdout.split('\n').filter((line) => / load {10}/.test(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ before {2}load +\S+ +\S+@\S+ {2}scenario marked, open model, peak 50\/s for 2\.001s$/);
    expect(lines[1]).toMatch(/ after {3}load +\S+ +\S+@\S+ {2}exit 0 {2}done: 100 requests, peak \d+ req\/s/);
  }, 60_000);
});
