/**
 * WebSocket sessions in a scenario against the lab market-data feed (test/lab/ws-service.mjs):
 * connect, subscribe, receive the ticks expected, checks on the last one; through the real
 * `perfmon load`; no socket left open at the feed; send/expect only on ws:// URLs.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, perfmonLoad, scratch, socketsLeftOpen } from './load-lab.js';

const files = scratch();
let feed: { url: string; stats(): Promise<{ sockets: number; subscriptions: number }>; stop(): void };

beforeAll(async () => {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../lab/ws-service.mjs'), '--tick-ms', '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolveLine) => createInterface({ input: child.stdout! }).once('line', resolveLine));
  const { port, controlPort } = JSON.parse(line) as { port: number; controlPort: number };
  feed = {
    url: `ws://127.0.0.1:${port}/feed`,
    stats: async () => (await (await fetch(`http://127.0.0.1:${controlPort}/stats`)).json()) as { sockets: number; subscriptions: number },
    stop: () => void child.kill('SIGTERM'),
  };
});
afterAll(() => {
  feed?.stop();
  files.remove();
});

const scenario = (name: string, request: string[]) =>
  files.write(`${name}.yaml`, [`name: ${name}`, 'stages: [{ duration: 1ms, target: 20 }, { duration: 2s, target: 20 }]', 'requests:', ...request, ''].join('\n'));

type Summary = { requests: number; errors: number; passed: boolean; errorKinds: Record<string, number>; checks: Record<string, { passed: number; failed: number }>; latency: { p50: number } };

describe('WebSocket sessions', () => {
  it('subscribes and waits for the ticks expected: latency to the last, checks on it, every socket closed', async () => {
    const before = (await feed.stats()).subscriptions;
    const path = scenario('ticks', [
      '  - name: subscribe',
      `    url: ${feed.url}`,
      '    send: [\'{"subscribe":"ACME-${n}"}\']',
      '    expect: 3',
      '    checks: [{ status: 101 }, { json: { path: price, equals: 101.5 } }, { bodyContains: \'"seq":3\' }]',
    ]);
    const { code, stdout, stderr } = await perfmonLoad([path, '--json'], files.env).done;
    expect(stderr).toContain('  mix:      subscribe GET ×1');
    expect(code).toBe(0);
    const summary = jsonLines(stdout).find((line) => line.type === 'summary') as unknown as Summary;
    expect(summary).toMatchObject({ requests: 40, errors: 0, passed: true });
    expect(summary.checks['subscribe: json price == 101.5']).toEqual({ passed: 40, failed: 0 });
    // Three ticks 10 ms apart after the subscription: at least 20 ms.
    expect(summary.latency.p50).toBeGreaterThanOrEqual(20);
    expect((await feed.stats()).subscriptions - before).toBe(40);
    expect(await socketsLeftOpen(feed.stats)).toBe(0);
  }, 30_000);

  it('fails a session whose message fails a check, and one the server refuses to upgrade', async () => {
    const path = scenario('wrong', [
      '  - name: wrong-symbol',
      `    url: ${feed.url}`,
      '    send: [\'{"subscribe":"ACME"}\']',
      '    checks: [{ json: { path: symbol, equals: XYZ } }]',
      '  - name: not-a-feed',
      `    url: ${feed.url.replace('/feed', '/nothing')}`,
      "thresholds: ['errors == 0']",
    ]);
    const { code, stdout } = await perfmonLoad([path, '--json'], files.env).done;
    expect(code).toBe(1);
    const summary = jsonLines(stdout).find((line) => line.type === 'summary') as unknown as Summary;
    expect(summary.errors).toBe(40);
    // The feed answers an upgrade to another path with 400.
    expect(Object.keys(summary.errorKinds).sort()).toEqual(['check failed: json symbol == "XYZ"', 'status 400'].sort());
  }, 30_000);

  it('refuses send and expect on an HTTP request, with file:line', async () => {
    const path = scenario('misplaced', ['  - name: http', '    url: http://127.0.0.1:1/x', '    send: [hello]']);
    const { code, stderr } = await perfmonLoad([path], files.env).done;
    expect(code).toBe(2);
    expect(stderr).toContain(`${path}:6:11: requests[0].send: send is for WebSocket sessions: the url must start with ws:// or wss://`);
  });
});
