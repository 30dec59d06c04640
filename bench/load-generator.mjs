#!/usr/bin/env node
// The load generator's own figures against the lab service (test/lab/load-service.mjs, loopback):
//   1. open model at RATE requests/s (default 5,000) for SECONDS: how late requests are sent after
//      their intended time (target: p99 ≤ 1 ms on one core), achieved req/s, dropped and late;
//   2. maximum throughput with USERS connections: perfmon's closed model next to `wrk` from
//      Debian (installed if missing) on the same service (target: within 10 %);
//   3. the knee: a stepped open-model run against a service of known capacity (4 workers ×
//      10 ms: 400 requests/s), the maximum sustainable throughput found against that truth.
// Prints figures and asserts nothing. Run after `npm run build`.
//   node bench/load-generator.mjs [RATE] [SECONDS] [USERS] [--knee]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/perfmon.js', import.meta.url));
const SERVICE = fileURLToPath(new URL('../test/lab/load-service.mjs', import.meta.url));
const RATE = Number(process.argv[2] ?? 5000);
const SECONDS = Number(process.argv[3] ?? 10);
const USERS = Number(process.argv[4] ?? 32);
// --knee: only the third part (the knee against a known capacity).
const KNEE_ONLY = process.argv.includes('--knee');

const dir = mkdtempSync(join(tmpdir(), 'perfmon-load-bench-'));
const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };

// 256 workers × 1 ms: a capacity far above the rates asked, so the generator is what is measured.
const service = spawn(process.execPath, [SERVICE, '--workers', '256', '--cost-ms', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
const { port } = JSON.parse(await new Promise((resolve) => createInterface({ input: service.stdout }).once('line', resolve)));
const target = `http://127.0.0.1:${port}`;

function runScenario(name, model, level, connections) {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, [
    `name: ${name}`,
    `target: ${target}`,
    `model: ${model}`,
    `stages: [{ duration: 1ms, target: ${level} }, { duration: ${SECONDS}s, target: ${level} }]`,
    `connections: ${connections}`,
    'requests: [{ name: hit, url: /hit }]',
    '',
  ].join('\n'));
  // taskset pins the generator to one core, as the target says.
  const run = spawnSync('taskset', ['-c', '0', process.execPath, BIN, 'load', path, '--json'], { env, encoding: 'utf8' });
  const summary = run.stdout.split('\n').filter((line) => line.includes('"type":"summary"')).map((line) => JSON.parse(line))[0];
  if (summary === undefined) throw new Error(`perfmon load ${name} printed no summary: ${run.stderr}`);
  return summary;
}

try {
  if (!KNEE_ONLY) {
  const open = runScenario('open', 'open', RATE, 256);
  console.log(`perfmon load, open model at ${RATE} requests/s for ${SECONDS}s on one core (target: send lag p99 ≤ 1 ms)`);
  console.log(`  send lag: p50 ${open.scheduleLag.p50.toFixed(3)} ms  p99 ${open.scheduleLag.p99.toFixed(3)} ms  max ${open.scheduleLag.max.toFixed(1)} ms`);
  console.log(`  achieved ${open.rps.toFixed(0)} req/s of ${RATE}; ${open.requests} requests, dropped ${open.dropped}, late (≥ 10 ms) ${open.late}, errors ${open.errors}`);
  console.log(`  latency from intended start: p50 ${open.latency.p50.toFixed(2)} ms  p99 ${open.latency.p99.toFixed(2)} ms`);

  const closed = runScenario('closed', 'closed', USERS, USERS);
  execFileSync('sh', ['-c', 'command -v wrk >/dev/null || apt-get install -y wrk >/dev/null'], { stdio: 'inherit' });
  const wrk = execFileSync('taskset', ['-c', '0', 'wrk', '-t1', `-c${USERS}`, `-d${SECONDS}s`, `${target}/hit`], { encoding: 'utf8' });
  const wrkRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrk)?.[1]);
  console.log(`maximum throughput with ${USERS} connections for ${SECONDS}s on one core (target: perfmon within 10 % of wrk)`);
  console.log(`  perfmon closed model: ${closed.rps.toFixed(0)} req/s (p99 ${closed.latency.p99.toFixed(2)} ms, errors ${closed.errors})`);
  console.log(`  wrk:                  ${wrkRps.toFixed(0)} req/s`);
  console.log(`  perfmon / wrk:        ${((100 * closed.rps) / wrkRps).toFixed(0)} %`);
  }

  // 3. The knee against a known capacity.
  const known = spawn(process.execPath, [SERVICE, '--workers', '4', '--cost-ms', '10'], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const { port: knownPort } = JSON.parse(await new Promise((resolve) => createInterface({ input: known.stdout }).once('line', resolve)));
    const levels = [240, 300, 340, 380, 440, 500];
    const path = join(dir, 'steps.yaml');
    writeFileSync(path, [
      'name: steps',
      `target: http://127.0.0.1:${knownPort}`,
      'model: open',
      'connections: 64',
      'stages:',
      ...levels.flatMap((level) => [`  - { duration: 1ms, target: ${level} }`, `  - { duration: 5s, target: ${level} }`]),
      'requests: [{ name: hit, url: /hit }]',
      "thresholds: ['p99 < 100ms']",
      '',
    ].join('\n'));
    const run = spawnSync(process.execPath, [BIN, 'load', path, '--json'], { env, encoding: 'utf8' });
    const analysis = run.stdout.split('\n').filter((line) => line.includes('"type":"analysis"')).map((line) => JSON.parse(line))[0];
    if (analysis === undefined) throw new Error(`perfmon load steps printed no analysis: ${run.stderr}`);
    const truth = 400;
    console.log(`knee of a stepped run (${levels.join(', ')} requests/s, 5 s each) against 4 workers × 10 ms = ${truth} requests/s (target: within 10 %)`);
    for (const step of analysis.steps) console.log(`  ${String(step.level).padStart(4)}/s  served ${step.rps.toFixed(1).padStart(6)}/s  p99 ${step.p99Ms.toFixed(1).padStart(7)} ms  ${step.broke ?? 'held'}`);
    if (analysis.note !== undefined) console.log(`  ${analysis.note}`);
    else if (analysis.knee === null || analysis.sustainable === null) console.log('  no knee found');
    else {
      console.log(`  knee at ${analysis.knee.level}/s; maximum sustainable throughput ${analysis.sustainable.rps.toFixed(1)} req/s (${((100 * (analysis.sustainable.rps - truth)) / truth).toFixed(1)} % from the truth)`);
      console.log(`  carried at the knee (saturated): ${analysis.knee.rps.toFixed(1)} req/s (${((100 * (analysis.knee.rps - truth)) / truth).toFixed(1)} %)`);
    }
  } finally {
    known.kill('SIGTERM');
  }
} finally {
  service.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
