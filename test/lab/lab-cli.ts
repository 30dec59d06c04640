/**
 * A lab to try perfmon by hand: `npm run lab -- 5` starts 5 sshd hosts on loopback, writes an
 * inventory naming them, prints the command to run perfmon against it, and keeps the lab up
 * until Ctrl-C. Also `kill N` / `restart N` / `freeze N` / `thaw N` typed on its stdin.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startLab } from './lab.js';

const count = Number(process.argv[2] ?? 5);
const lab = await startLab({ hosts: count });
const inventory = join(lab.dir, 'perfmon.yaml');
const roles = ['order-engine', 'market-data', 'gateway', 'database', 'broker'];
writeFileSync(
  inventory,
  [
    'environment: lab',
    'hosts:',
    ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name}, labels: { rack: r${h.index % 2} } }`),
    'components:',
    ...roles.slice(0, Math.min(roles.length, count)).map((role, i) => `  - { name: ${role}, role: ${role}, hosts: [${lab.hosts.filter((h) => h.index % roles.length === i).map((h) => h.name).join(', ')}] }`),
    '',
  ].join('\n'),
);
console.log(`lab up: ${count} hosts. In another terminal:\n\n  HOME=${lab.home} node bin/perfmon.js --config ${inventory}\n`);
console.log('type: kill N | restart N | freeze N | thaw N | quit');
const stop = async () => {
  await lab.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  const [verb, n] = line.trim().split(/\s+/);
  const index = Number(n);
  try {
    if (verb === 'kill') await lab.killHost(index);
    else if (verb === 'restart') await lab.restartHost(index);
    else if (verb === 'freeze') lab.freezeHost(index);
    else if (verb === 'thaw') lab.thawHost(index);
    else if (verb === 'quit') break;
    console.log(`ok: ${line}`);
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
await stop();
