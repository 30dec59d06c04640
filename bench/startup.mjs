#!/usr/bin/env node
// Time from starting `bin/perfmon.js` in an 80×24 pseudo-terminal to its first frame (the
// header drawn) and to its first data (the CPU line), median of 10 runs. Prints figures only.
// Run after `npm run build`.
import { fileURLToPath } from 'node:url';
import { median, spawnInPty } from './pty-process.mjs';

const BIN = fileURLToPath(new URL('../bin/perfmon.js', import.meta.url));
const RUNS = Number(process.argv[2] ?? 10);

const firstFrame = [];
const firstData = [];
for (let i = 0; i < RUNS; i += 1) {
  const start = performance.now();
  const run = spawnInPty(process.execPath, [BIN]);
  firstFrame.push(await run.waitFor(/perfmon/, start));
  firstData.push(await run.waitFor(/CPU {2}\S/, start));
  const exited = new Promise((resolve) => run.child.onExit(resolve));
  run.child.write('q');
  await exited;
}
const fmt = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
console.log(`perfmon startup, ${RUNS} runs in an 80×24 pty (target: first frame ≤ 300 ms)`);
console.log(`  first frame: ${fmt(firstFrame)}`);
console.log(`  first data:  ${fmt(firstData)}`);
