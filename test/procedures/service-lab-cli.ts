/**
 * The lab service on lab hosts, to try the procedures by hand (or drive the emergency pane):
 *
 *   npx esbuild test/procedures/service-lab-cli.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=test/lab/.service-lab-cli.mjs && node test/lab/.service-lab-cli.mjs 3
 *
 * (the bundle goes next to the lab's files: they find their helpers by relative paths)
 * prints the environment and commands to run perfmon against it, then keeps the lab up until
 * Ctrl-C or `quit`. Typed on its stdin: `fail N` makes host N's service refuse to start,
 * `heal N` undoes it, `events N` prints what host N's service recorded.
 */
import { createInterface } from 'node:readline';
import { startServiceLab } from './service-lab.js';

const count = Number(process.argv[2] ?? 3);
const svc = await startServiceLab({ hosts: count, warmupMs: 2000 });
const env = `HOME=${svc.lab.home} PERFMON_STATE_DIR=${svc.stateDir}`;
console.log(`lab up: ${count} hosts running ${svc.component}. In another terminal:

  export ${env}
  perfmon restart ${svc.component} --config ${svc.inventoryFile}
  perfmon restart --resume RUN --config ${svc.inventoryFile}
  tail -f ${svc.auditFile}

type: fail N | heal N | events N | quit`);
const stop = async () => {
  await svc.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  const [verb, n] = line.trim().split(/\s+/);
  const index = Number(n);
  if (verb === 'quit') break;
  if (verb === 'fail' || verb === 'heal') svc.setFailStart(index, verb === 'fail');
  else if (verb === 'events') for (const event of svc.events(index)) console.log(JSON.stringify(event));
  else console.log('type: fail N | heal N | events N | quit');
}
await stop();
