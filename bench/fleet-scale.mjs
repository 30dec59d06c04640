#!/usr/bin/env node
// perfmon at fleet scale (issue 15): the TUI (fleet pane at 200×50) and then the recorder
// watching N simulated hosts (test/lab/fleet-simulator.ts: ssh2 servers in a process of their
// own, speaking the collector protocol with readings replayed from a real capture) at 1 s.
// Prints, per fleet size: connect-all time, the TUI's CPU (% of one core) and peak RSS, render
// p99, key press → effect p99 (the help overlay opening), the recorder's CPU, and the
// simulator's own CPU apart. Figures only, no targets asserted.
// Usage: node bench/fleet-scale.mjs [--hosts 100,300,1000] [--seconds 30]   (after `npm run build`)
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSplit, rssBytes, spawnInPty } from './pty-process.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('hosts', '100,300,1000').split(',').map(Number);
const SECONDS = Number(arg('seconds', '30'));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuOf = (pid) => {
  const { user, system } = cpuSplit(pid);
  return user + system;
};
const percentile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

execFileSync('npx', ['esbuild', 'test/lab/fleet-sim-cli.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--outfile=test/lab/.fleet-sim-cli.mjs', '--log-level=warning'], { cwd: ROOT });

async function startSimulator(hosts) {
  const sim = spawn(process.execPath, [join(ROOT, 'test/lab/.fleet-sim-cli.mjs'), String(hosts)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const [, home, inventory] = await new Promise((resolve, reject) => {
    let out = '';
    sim.stdout.on('data', (d) => {
      out += d;
      const m = /HOME=(\S+) node bin\/perfmon\.js --config (\S+)/.exec(out);
      if (m) resolve(m);
    });
    sim.on('exit', () => reject(new Error(`the simulator exited:\n${out}`)));
  });
  return { sim, home, inventory };
}

async function measureTui(hosts, home, inventory, simPid) {
  const statsFile = join(mkdtempSync(join(tmpdir(), 'perfmon-bench-')), 'stats.json');
  const perfmon = spawnInPty(process.execPath, [join(ROOT, 'bin/perfmon.js'), '--config', inventory, '--interval', '1'], { cols: 200, rows: 50, env: { HOME: home, PERFMON_STATS: statsFile } });
  const started = performance.now();
  await perfmon.waitFor(new RegExp(`${hosts} up 0 down`), started);
  const connectAll = (performance.now() - started) / 1000;
  await sleep(3000); // the first process lists and filesystems settle
  const cpu0 = cpuOf(perfmon.child.pid);
  const sim0 = cpuOf(simPid);
  const t0 = performance.now();
  let peak = 0;
  const keys = [];
  const end = t0 + SECONDS * 1000;
  while (performance.now() < end) {
    peak = Math.max(peak, rssBytes(perfmon.child.pid));
    const from = perfmon.output().length;
    const pressed = performance.now();
    perfmon.child.write('?');
    const opened = new Promise((resolve) => {
      const poll = setInterval(() => {
        if (perfmon.output().slice(from).includes('This pane:')) {
          clearInterval(poll);
          resolve(performance.now() - pressed);
        }
      }, 1);
    });
    keys.push(await opened);
    perfmon.child.write('?'); // closes it again (a lone Esc would wait for the rest of a sequence)
    await sleep(700);
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = (cpuOf(perfmon.child.pid) - cpu0) / wall;
  const simCpu = (cpuOf(simPid) - sim0) / wall;
  const exited = new Promise((resolve) => perfmon.child.onExit(resolve));
  perfmon.child.write('q');
  await exited;
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  return { connectAll, cpu, simCpu, rss: peak, renderP99: stats.renders.p99Ms, keyP99: percentile(keys, 0.99), keys: keys.length };
}

async function measureRecorder(hosts, home, inventory, simPid) {
  const dir = mkdtempSync(join(tmpdir(), 'perfmon-bench-history-'));
  const config = join(dir, 'perfmon.yaml');
  appendFileSync(config, readFileSync(inventory, 'utf8') + `history: { path: ${join(dir, 'history')} }\n`);
  const recorder = spawn(process.execPath, [join(ROOT, 'bin/perfmon.js'), 'record', '--config', config, '--interval', '1'], { env: { ...process.env, HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  recorder.stderr.on('data', (d) => (log += d));
  // up when every host logged its first connection (one line per host state change)
  const started = performance.now();
  while ((log.match(/ up\b/g) ?? []).length < hosts && performance.now() - started < 120_000) await sleep(200);
  const connectAll = (performance.now() - started) / 1000;
  await sleep(3000);
  const cpu0 = cpuOf(recorder.pid);
  const sim0 = cpuOf(simPid);
  const t0 = performance.now();
  let peak = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    peak = Math.max(peak, rssBytes(recorder.pid));
    await sleep(1000);
  }
  const wall = (performance.now() - t0) / 1000;
  const result = { connectAll, cpu: (cpuOf(recorder.pid) - cpu0) / wall, simCpu: (cpuOf(simPid) - sim0) / wall, rss: peak };
  recorder.kill('SIGTERM');
  await new Promise((resolve) => recorder.once('exit', resolve));
  return result;
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(`perfmon on simulated fleets at 1 s, ${SECONDS} s each (TUI: fleet pane at 200×50)`);
console.log('hosts  connect-all  TUI CPU  per host  TUI RSS  render p99  key p99   recorder CPU  per host  recorder RSS   simulator CPU (TUI / recorder run)');
for (const hosts of SIZES) {
  const { sim, home, inventory } = await startSimulator(hosts);
  const tui = await measureTui(hosts, home, inventory, sim.pid);
  const rec = await measureRecorder(hosts, home, inventory, sim.pid);
  sim.stdin.write('quit\n');
  await new Promise((resolve) => sim.once('exit', resolve));
  console.log(
    [
      String(hosts).padStart(5),
      `${tui.connectAll.toFixed(1)} s`.padStart(11),
      pct(tui.cpu).padStart(8),
      `${((tui.cpu / hosts) * 1e6).toFixed(0)} µcore`.padStart(11),
      mib(tui.rss).padStart(8),
      `${tui.renderP99?.toFixed(1)} ms`.padStart(11),
      `${tui.keyP99.toFixed(0)} ms`.padStart(8),
      pct(rec.cpu).padStart(14),
      `${((rec.cpu / hosts) * 1e6).toFixed(0)} µcore`.padStart(11),
      mib(rec.rss).padStart(13),
      `   ${pct(tui.simCpu)} / ${pct(rec.simCpu)}`,
    ].join('  '),
  );
}
console.log('per host: millionths of a core (µcore) — flat when nothing grows with the fleet');
console.log('targets at 1,000 hosts (issue 15): TUI ≤ 25 % of a core and ≤ 600 MB, recorder ≤ 25 %, key p99 ≤ 50 ms');
process.exit(0);
