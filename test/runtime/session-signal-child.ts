// Child of session.test.ts: opens a session (on the inventory of argv[2] with ~/.ssh/config
// under argv[3], else this machine), says "ready" once every host has a reading, and closes
// on SIGTERM. It never calls process.exit: the process ends only if nothing is left open.
import { loadInventory } from '../../src/config/load-inventory.js';
import { openSession } from '../../src/runtime/session.js';

const [configPath, home] = process.argv.slice(2);
let inventory = null;
if (configPath) {
  const loaded = await loadInventory({ configPath, ...(home ? { home } : {}) });
  if (loaded.status !== 'loaded') throw new Error(`inventory: ${JSON.stringify(loaded)}`);
  inventory = loaded.inventory;
}
const session = await openSession({ inventory, intervalMs: 300, localHostName: 'child', ...(home ? { sshConfig: { home } } : {}) });
session.onClosed((part) => process.stdout.write(`closed ${part}\n`));
session.closeOnSignals(['SIGTERM']);
await session.settled(1);
process.stdout.write(`ready ${session.store.getState().hosts.map((h) => `${h.name}=${h.status}`).join(' ')}\n`);
await session.whenClosed();
process.stdout.write('done\n');
