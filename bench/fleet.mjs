#!/usr/bin/env node
// perfmon watching N real sshd hosts on loopback for 60 s at 1 s: its CPU % of one core, RSS,
// bytes on the wire per host-sample and render times. Prints figures only.
// Usage: node bench/fleet.mjs [--hosts 50] [--seconds 60]   (after `npm run build`; needs root
// for the lab, like the tests)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSplit, rssBytes, spawnInPty } from './pty-process.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const HOSTS = arg('hosts', 50);
const SECONDS = arg('seconds', 60);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The lab: `npm run lab` prints how to point perfmon at it, then waits for "quit" on stdin.
const lab = spawn('npm', ['run', '--silent', 'lab', '--', String(HOSTS)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
const labLine = await new Promise((resolve, reject) => {
  let out = '';
  lab.stdout.on('data', (d) => {
    out += d;
    const m = /HOME=(\S+) node bin\/perfmon\.js --config (\S+)/.exec(out);
    if (m) resolve(m);
  });
  lab.on('exit', () => reject(new Error(`the lab exited:\n${out}`)));
});
const [, home, inventory] = labLine;
const statsFile = join(mkdtempSync(join(tmpdir(), 'perfmon-bench-')), 'stats.json');

const perfmon = spawnInPty(process.execPath, [join(ROOT, 'bin/perfmon.js'), '--config', inventory, '--interval', '1'], {
  cols: 200,
  rows: 50,
  env: { HOME: home, PERFMON_STATS: statsFile },
});
const started = performance.now();
await perfmon.waitFor(new RegExp(`${HOSTS} up 0 down`), started);
const upAfter = (performance.now() - started) / 1000;
const cpu0 = cpuSplit(perfmon.child.pid);
const t0 = performance.now();
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, rssBytes(perfmon.child.pid))), 1000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
clearInterval(timer);
const cpu1 = cpuSplit(perfmon.child.pid);
const user = cpu1.user - cpu0.user;
const system = cpu1.system - cpu0.system;
const wall = (performance.now() - t0) / 1000;
const rss = rssBytes(perfmon.child.pid);
const exited = new Promise((resolve) => perfmon.child.onExit(resolve));
perfmon.child.write('q');
await exited;
lab.stdin.write('quit\n');

const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
const f = stats.fleet;
console.log(`perfmon watching ${HOSTS} lab hosts at 1 s for ${SECONDS} s (200×50 fleet pane)`);
console.log(`  all hosts up after  ${upAfter.toFixed(1)} s`);
console.log(`  CPU                 ${(((user + system) / wall) * 100).toFixed(2)} % of one core (target ≤ 5 % at 100 hosts): user ${((user / wall) * 100).toFixed(2)} %, kernel ${((system / wall) * 100).toFixed(2)} %`);
console.log('                      (on loopback the kernel part includes delivering every packet to the lab\'s sshd)');
console.log(`  RSS                 ${(rss / 2 ** 20).toFixed(1)} MiB, peak ${(Math.max(peak, rss) / 2 ** 20).toFixed(1)} MiB (target ≤ 200 MB)`);
console.log(`  wire per host-sample ${(f.bytesRead / f.samples).toFixed(0)} B in, ${(f.bytesWritten / f.samples).toFixed(0)} B out (${f.samples} samples; target ≤ 1 KB)`);
console.log(`  heap                ${(stats.memory.heapUsed / 2 ** 20).toFixed(1)} MiB used of ${(stats.memory.heapTotal / 2 ** 20).toFixed(1)}, external ${(stats.memory.external / 2 ** 20).toFixed(1)} MiB`);
console.log(`  renders             ${stats.renders.count}, p50 ${stats.renders.p50Ms?.toFixed(2)} ms, p99 ${stats.renders.p99Ms?.toFixed(2)} ms, max ${stats.renders.maxMs?.toFixed(2)} ms`);
process.exit(0);
