import type { CommandModule } from 'yargs';
import type { Inventory } from '../src/config/inventory-schema.js';
import { EXIT_FAILURE, EXIT_HOSTS_DOWN, EXIT_OK } from './exit-codes.js';
import { loadSelection, withInventory, type InventoryArgs } from './inventory-options.js';
import { withColor, withInterval } from './shared-options.js';

interface SnapshotArgs extends InventoryArgs {
  interval?: number;
  at?: string;
  store?: string;
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
    })
      .option('at', { type: 'string', describe: 'Read the hosts as history recorded them at TIME (ISO 8601, 03:12, or -15m) instead of reading them now' })
      .option('store', { type: 'string', describe: 'With --at: the history store directory (default: the state dir’s history/)' }) as never,
  handler: async (args) => {
    const inventory = await loadSelection(args);
    if (args.at !== undefined) return snapshotFromHistory(args, args.at, inventory);
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

/** `--at TIME`: the same contract, read from the history store; the moment shown is stated. */
async function snapshotFromHistory(args: SnapshotArgs, at: string, inventory: Inventory | null): Promise<void> {
  const hosts = inventory?.hosts.map((h) => h.name);
  const [{ readSnapshotAt }, { storeDirOf }, { pastMoment }] = await Promise.all([
    import('../src/history/snapshot-at-command.js'),
    import('../src/history/history-command.js'),
    import('../src/format/moment.js'),
  ]);
  let moment;
  try {
    moment = await readSnapshotAt({ store: storeDirOf(args.store, inventory), at, ...(hosts ? { hosts } : {}) });
  } catch (error) {
    process.stderr.write(`perfmon snapshot --at ${at}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
    return;
  }
  const { hosts: shown, missing } = moment;
  if (args.json) {
    const history = { store: moment.store, staleMs: moment.staleMs, missing, fromRollups: moment.fromRollups };
    process.stdout.write(`${JSON.stringify({ at: new Date(moment.at).toISOString(), history, hosts: shown }, null, 2)}\n`);
  } else {
    const [{ snapshotText }, theme] = await Promise.all([import('../views/snapshot-text.js'), import('../views/theme.js')]);
    theme.applyColorChoice(args.color);
    process.stdout.write(`REPLAY ${pastMoment(moment.at)} from ${moment.store}: each host as last recorded at or before ${new Date(moment.at).toISOString()}\n`);
    process.stdout.write(snapshotText(shown, process.stdout.columns || 100, inventory?.thresholds));
  }
  if (moment.fromRollups.length > 0) process.stderr.write(`means of the minute (full resolution no longer kept then): ${moment.fromRollups.join(', ')}\n`);
  if (!hosts && missing.length > 0) process.stderr.write(`not recorded near that moment: ${missing.join(', ')}\n`);
  process.exitCode = shown.some((h) => h.status === 'down') ? EXIT_HOSTS_DOWN : EXIT_OK;
}

export default snapshot;
