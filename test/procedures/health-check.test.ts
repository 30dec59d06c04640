import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, waitHealthy, type HealthResult } from '../../src/procedures/health-check.js';
import { shellQuote } from '../../src/ssh/shell-quote.js';
import { LocalHostAccess } from './local-host-access.js';

const access = new LocalHostAccess();
let server: Server;
let base: string;
let dir: string;
let answers: Array<[number, string]> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perfmon-health-'));
  server = createServer((_req, res) => {
    const [status, body] = answers.shift() ?? [200, 'UP'];
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const fast = { timeoutMs: 2000, intervalMs: 20, healthyForMs: 0, startTimeoutMs: 5000 };

describe('checkHealth', () => {
  it('passes on exit 0 and reports the command output', async () => {
    expect(await checkHealth(access, 'h', { type: 'command', command: 'echo ready' }, 2000)).toEqual({ ok: true, output: 'exit 0: ready' });
    expect(await checkHealth(access, 'h', { type: 'command', command: 'echo down >&2; exit 3' }, 2000)).toEqual({ ok: false, output: 'exit 3: down' });
    expect(await checkHealth(access, 'h', { type: 'command', command: 'sleep 5' }, 100)).toEqual({ ok: false, output: 'h: command timed out after 0.1s' });
  });

  it('passes on an expected status whose body holds the text', async () => {
    const probe = { type: 'http' as const, url: `${base}/health`, status: [200, 204], contains: 'UP' };
    answers = [[200, 'status: UP'], [503, 'DOWN'], [200, 'STARTING']];
    expect(await checkHealth(access, 'h', probe, 2000)).toEqual({ ok: true, output: 'HTTP 200: status: UP' });
    expect(await checkHealth(access, 'h', probe, 2000)).toEqual({ ok: false, output: 'HTTP 503: DOWN' });
    expect(await checkHealth(access, 'h', probe, 2000)).toEqual({ ok: false, output: 'HTTP 200: STARTING (no "UP" in the body)' });
  });
});

describe('waitHealthy', () => {
  it('waits for the checks to pass continuously for healthyFor, starting over after a failure', async () => {
    // The service fails twice, passes once, fails again, then passes for good.
    const counter = join(dir, 'count');
    const command = `n=$(cat ${shellQuote(counter)} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${shellQuote(counter)}; case $n in 1|2|4) echo no; exit 1;; esac; echo yes`;
    const seen: HealthResult[] = [];
    const result = await waitHealthy(access, 'h', { type: 'command', command }, { ...fast, healthyForMs: 30 }, { onCheck: (r) => seen.push(r) });
    expect(result.ok).toBe(true);
    expect(seen.map((r) => r.ok).slice(0, 5)).toEqual([false, false, true, false, true]);
    // healthyFor 30 ms with checks 20 ms apart: at least two passing checks in a row at the end.
    expect(seen.slice(-2).every((r) => r.ok)).toBe(true);
  });

  it('gives up after the start timeout with the last output, and stops when aborted', async () => {
    const timedOut = await waitHealthy(access, 'h', { type: 'command', command: 'echo nope; exit 1' }, { ...fast, startTimeoutMs: 100 });
    expect(timedOut).toMatchObject({ ok: false, reason: 'timeout', output: 'exit 1: nope' });
    const aborter = new AbortController();
    const aborted = waitHealthy(access, 'h', { type: 'command', command: 'exit 1' }, { ...fast, intervalMs: 60_000 }, { signal: aborter.signal, onCheck: () => aborter.abort() });
    expect(await aborted).toMatchObject({ ok: false, reason: 'aborted' });
  });
});
