import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_HOSTS_DOWN, EXIT_OK } from './exit-codes.js';
import { loadSelection, withInventory, type InventoryArgs } from './inventory-options.js';
import { withColor, withInterval } from './shared-options.js';

interface SnapshotArgs extends InventoryArgs {
  interval?: number;
  json: boolean;
  color: boolean;
}

/** `perfmon snapshot`: one reading, for scripts and CI (the shape is documented in the README). */
const snapshot: CommandModule<object, SnapshotArgs> = {
  command: 'snapshot [targets..]',
  describe: 'Take two readings one interval apart of this machine or the fleet, and print them (a table, or --json)',
  builder: (y) =>
    withInventory(withColor(withInterval(y, false)))
      .positional('targets', { type: 'string', array: true, describe: 'Hosts to read over SSH: inventory names or [user@]host[:port]' })
      .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print {"hosts":[…]} (and "components":[…] when the inventory declares metrics, SLOs, queues or databases) in the documented, stable shape',
    }) as never,
  handler: async (args) => {
    const inventory = await loadSelection(args);
    const intervalMs = Math.round((args.interval ?? inventory?.interval ?? 1) * 1000);
    const [{ openSession }, { hasPlatformReadings, takeSnapshot }] = await Promise.all([import('../src/runtime/session.js'), import('../src/runtime/take-snapshot.js')]);
    // Components with metrics, SLOs, queues or a database: read over the hosts' connections too.
    const session = await openSession({ inventory, intervalMs, mode: 'once', acceptNew: args['accept-new'], platform: inventory !== null && hasPlatformReadings(inventory) });
    let taken;
    try {
      taken = await takeSnapshot(session, intervalMs);
    } finally {
      await session.close();
    }
    const { hosts, components } = taken;
    if (args.json) {
      process.stdout.write(`${JSON.stringify(components ? { hosts, components } : { hosts }, null, 2)}\n`);
    } else {
      const [{ snapshotText }, theme] = await Promise.all([import('../views/snapshot-text.js'), import('../views/theme.js')]);
      theme.applyColorChoice(args.color);
      process.stdout.write(snapshotText(hosts, process.stdout.columns || 100, inventory?.thresholds));
    }
    // Hosts down first; then a component read that failed on a host that is up.
    const readFailed = components?.some((c) => c.errors.length > 0) ?? false;
    process.exitCode = hosts.some((h) => h.status === 'down') ? EXIT_HOSTS_DOWN : readFailed ? EXIT_FAILURE : EXIT_OK;
  },
};

export default snapshot;
