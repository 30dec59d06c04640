/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) for the alert tests, with a
 * webhook receiver served by the test itself: what Alertmanager routes arrives there, as it
 * would at a pager. Clustering is off; state lives in a temporary directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './rabbitmq.js';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** A notification as Alertmanager's webhook receiver posts it (the fields the tests read). */
export interface WebhookMessage {
  status: 'firing' | 'resolved';
  alerts: { status: 'firing' | 'resolved'; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string }[];
}

export interface Alertmanager {
  url: string;
  /** Webhook notifications received so far, oldest first. */
  received: WebhookMessage[];
  /** Resolves with the first notification (from now on, or already received) that passes `test`. */
  waitForNotification(test: (m: WebhookMessage) => boolean, timeoutMs?: number): Promise<WebhookMessage>;
  /** The alerts Alertmanager holds (GET /api/v2/alerts). */
  alerts(): Promise<{ labels: Record<string, string>; annotations: Record<string, string>; status: { state: string } }[]>;
  /** Stops the server, keeping its port and state for start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops everything and removes its files. */
  close(): Promise<void>;
}

export interface AlertmanagerOptions {
  /** How often it notifies again of alerts still firing (default 1h: never within a test). */
  repeatInterval?: string;
}

export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<Alertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-alertmanager-'));
  const received: WebhookMessage[] = [];
  const waiters = new Set<() => void>();
  const hook: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage);
      res.end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookPort = (hook.address() as { port: number }).port;
  const port = await freePort();
  const config = join(dir, 'alertmanager.yml');
  // group_wait/interval short: notifications arrive within the test, as a page would.
  writeFileSync(
    config,
    [
      'route:',
      '  receiver: pager',
      '  group_by: [alertname, host]',
      '  group_wait: 1s',
      '  group_interval: 1s',
      `  repeat_interval: ${options.repeatInterval ?? '1h'}`,
      'receivers:',
      '  - name: pager',
      '    webhook_configs:',
      `      - url: http://127.0.0.1:${hookPort}/`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const args = [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'];
    const proc = spawn(ALERTMANAGER_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let log = '';
    proc.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`alertmanager exited (${proc.exitCode}): ${log}`);
      const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`alertmanager did not become ready on ${url}: ${log}`);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    received,
    waitForNotification: (test, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find(test);
          if (!hit) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no such notification within ${timeoutMs} ms; received: ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      }),
    alerts: async () => (await (await fetch(`${url}/api/v2/alerts`)).json()) as never,
    stop,
    start,
    close: async () => {
      await stop();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
