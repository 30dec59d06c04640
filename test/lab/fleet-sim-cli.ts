/**
 * The fleet simulator as a process of its own (its CPU is then measured apart from perfmon's):
 * `npm run fleet-sim -- 1000 [slow=10,drop=5,…] [--interval-ms 1000]` starts the hosts, writes
 * the inventory, prints how to run perfmon against it, and keeps them up until `quit` on stdin
 * (or Ctrl-C). `fault NAME FAULT|none` typed on stdin changes a host; `stats` prints counts.
 */
import { createInterface } from 'node:readline';
import { startSimulatedFleet, type Fault } from './fleet-simulator.js';

const count = Number(process.argv[2] ?? 100);
const faultArg = process.argv.slice(3).find((a) => a.includes('='));
const faults = Object.fromEntries((faultArg ?? '').split(',').filter(Boolean).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) as Partial<Record<Fault, number>>;
const intervalAt = process.argv.indexOf('--interval-ms');
const intervalMs = intervalAt > 0 ? Number(process.argv[intervalAt + 1]) : 1000;
const fleet = await startSimulatedFleet({ hosts: count, faults, intervalMs });
console.log(`fleet up: ${count} simulated hosts. In another terminal:\n\n  HOME=${fleet.home} node bin/perfmon.js --config ${fleet.inventoryFile}\n`);
console.log('type: fault NAME refuse|slow|drop|garbage|hang|none | stats | quit');
const stop = async () => {
  await fleet.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  const [verb, name, fault] = line.trim().split(/\s+/);
  try {
    if (verb === 'fault' && name) await fleet.setFault(name, fault === 'none' ? null : (fault as Fault));
    else if (verb === 'stats') console.log(JSON.stringify({ ...fleet.stats(), cpu: process.cpuUsage() }));
    else if (verb === 'quit') break;
    console.log(`ok: ${line}`);
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
await stop();
