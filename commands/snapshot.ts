import type { CommandModule } from 'yargs';
import { EXIT_HOSTS_DOWN, EXIT_OK } from './exit-codes.js';
import { withColor, withInterval } from './shared-options.js';

interface SnapshotArgs {
  interval: number;
  json: boolean;
  color: boolean;
}

/** `perfmon snapshot`: one reading, for scripts and CI (the shape is documented in the README). */
const snapshot: CommandModule<object, SnapshotArgs> = {
  command: 'snapshot',
  describe: 'Take two readings one interval apart and print them (a table, or --json)',
  builder: (y) =>
    withColor(withInterval(y)).option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print {"hosts":[…]} in the documented, stable shape',
    }) as never,
  handler: async (args) => {
    const { snapshotLocal } = await import('../src/collect/snapshot-once.js');
    const host = await snapshotLocal(Math.round(args.interval * 1000));
    const hosts = [host];
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ hosts }, null, 2)}\n`);
    } else {
      const [{ snapshotText }, theme] = await Promise.all([import('../views/snapshot-text.js'), import('../views/theme.js')]);
      theme.applyColorChoice(args.color);
      process.stdout.write(snapshotText(hosts, process.stdout.columns || 100));
    }
    process.exitCode = hosts.some((h) => h.status === 'down') ? EXIT_HOSTS_DOWN : EXIT_OK;
  },
};

export default snapshot;
