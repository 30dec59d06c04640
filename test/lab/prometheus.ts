/**
 * A real Prometheus (Debian's `prometheus`) for the tests: scraping the given targets every
 * second, its data in a temporary directory, queried through its HTTP API as Grafana would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './rabbitmq.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

export interface Prometheus {
  url: string;
  /** An instant query's result vector (`/api/v1/query`). */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  close(): Promise<void>;
}

export async function startPrometheus(options: { scrape: string[] }): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: perfmon', '    static_configs:', `      - targets: [${options.scrape.map((t) => JSON.stringify(t)).join(', ')}]`, ''].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const child: ChildProcess = spawn(PROMETHEUS_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (i > 600) throw new Error(`prometheus did not become ready on ${url}: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    query: async (promql) => {
      const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)).json()) as { status: string; error?: string; data: { result: never } };
      if (body.status !== 'success') throw new Error(`prometheus: ${promql}: ${body.error}`);
      return body.data.result;
    },
    close: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
