import type { CommandModule } from 'yargs';
import { EXIT_USAGE } from './exit-codes.js';
import { withInventory, type InventoryArgs } from './inventory-options.js';

interface TuneArgs extends InventoryArgs {
  targets?: string[];
  profile: string;
  json: boolean;
}

/**
 * `perfmon tune [HOST|COMPONENT…] [--profile NAME] [--json]`: the tuning advisor. Reads each
 * host's latency-deciding settings over SSH (no inventory: this machine) and prints, against
 * the profile (built in: low-latency, the default, and throughput), every setting that does
 * not meet it with the current value, the recommended one, why, and the exact change; and,
 * across a component's hosts, the one host configured differently. It changes nothing.
 * Exit 0 when every host was read, 2 on bad usage (an unknown profile), 3 when a host could
 * not be read.
 */
const tune: CommandModule<object, TuneArgs> = {
  command: 'tune [targets..]',
  describe: 'Tuning advisor: the settings that decide latency (kernel, disks, network, JVM flags) against a profile',
  builder: (y) =>
    withInventory(y)
      .positional('targets', { type: 'string', array: true, describe: 'Inventory hosts or components, or [user@]host[:port]; none: the inventory (or this machine without one)' })
      .option('profile', { type: 'string', default: 'low-latency', describe: 'The profile to check against: low-latency or throughput' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the readings and findings as JSON' })
      .example('$0 tune', 'this machine against the low-latency profile')
      .example('$0 tune order-engine --profile throughput', 'the hosts of a component, the odd host out flagged') as never,
  handler: async (args) => {
    const { loadSelection, UsageError } = await import('./inventory-options.js');
    let inventory;
    try {
      const full = (args.targets ?? []).length > 0 ? await loadSelection({ ...args, targets: [] }) : null;
      const { expandComponents, runTune } = await import('../src/runtime/tune-command.js');
      inventory = await loadSelection({ ...args, targets: full === null ? args.targets : expandComponents(full, args.targets ?? []) });
      process.exitCode = await runTune({ inventory, profile: args.profile, json: args.json, acceptNew: args['accept-new'], env: process.env }, { out: process.stdout, err: process.stderr });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`perfmon: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    }
  },
};

export default tune;
