#!/usr/bin/env node
// perfmon's own CPU (% of one core) and RSS while it watches this machine at a 1 s interval
// for 60 s, measured the same way, in the same run, for btop at 1 s. Prints figures only.
// Usage: node bench/local-overhead.mjs [seconds]   (run after `npm run build`)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssBytes, spawnInPty, treeCpuSeconds } from './pty-process.mjs';

const SECONDS = Number(process.argv[2] ?? 60);
const BIN = fileURLToPath(new URL('../bin/perfmon.js', import.meta.url));

if (spawnSync('sh', ['-c', 'command -v btop'], { stdio: 'ignore' }).status !== 0) {
  console.log('installing btop from Debian for the comparison…');
  execFileSync('sh', ['-c', `${process.getuid?.() === 0 ? '' : 'sudo -n '}apt-get install -y -qq btop`], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

// btop reads its interval from its config file: give it one of its own at 1000 ms.
const btopHome = mkdtempSync(join(tmpdir(), 'btop-bench-'));
mkdirSync(join(btopHome, '.config', 'btop'), { recursive: true });
writeFileSync(join(btopHome, '.config', 'btop', 'btop.conf'), 'update_ms = 1000\n');

const programs = [
  { name: 'perfmon', run: spawnInPty(process.execPath, [BIN, '--interval', '1']) },
  { name: 'btop', run: spawnInPty('btop', ['--utf-force'], { env: { HOME: btopHome, XDG_CONFIG_HOME: join(btopHome, '.config') } }) },
];
// Let both settle (first frame, first samples) before measuring.
await new Promise((r) => setTimeout(r, 5000));
const start = programs.map((p) => ({ cpu: treeCpuSeconds(p.run.child.pid), at: performance.now() }));
const peak = programs.map(() => 0);
const timer = setInterval(() => programs.forEach((p, i) => (peak[i] = Math.max(peak[i], rssBytes(p.run.child.pid)))), 1000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
clearInterval(timer);

console.log(`own CPU (with child processes: perfmon's collector) and memory over ${SECONDS} s at a 1 s interval, 80×24, same run`);
programs.forEach((p, i) => {
  const cpu = treeCpuSeconds(p.run.child.pid) - start[i].cpu;
  const wall = (performance.now() - start[i].at) / 1000;
  console.log(`  ${p.name.padEnd(8)} CPU ${((cpu / wall) * 100).toFixed(2)} % of one core   RSS ${(rssBytes(p.run.child.pid) / 2 ** 20).toFixed(1)} MiB (peak ${(peak[i] / 2 ** 20).toFixed(1)} MiB)`);
  p.run.child.kill();
});
process.exit(0);
