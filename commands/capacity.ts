import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { loadSelection, UsageError } from './inventory-options.js';

interface CapacityFlags {
  store?: string;
  config?: string;
  json: boolean;
  at: string;
  'what-if'?: string;
}

/** `perfmon capacity`: time to exhaustion of every resource, ranked; `--what-if KEY=+N%`: the load a component could take. */
const capacity: CommandModule<object, CapacityFlags> = {
  command: 'capacity',
  describe: 'Capacity forecasts from the history store: growth over 6h/24h/7d and time to exhaustion of every filesystem, memory, JVM heap, database connections, queue and CPU peak, what runs out first on top; --what-if orders=+50%: predicted peak use of every resource at that load',
  builder: (y) =>
    y
      .option('at', { type: 'string', default: 'now', describe: 'forecast as of TIME (ISO 8601, 03:12, or -2h)' })
      .option('what-if', { type: 'string', describe: 'METRIC=+N% (or -N%, or xF): an application metric of a component (orders, ordersPerSec, …) changed by that much' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose history store and components to read (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the report as JSON (see the README: perfmon capacity)' }) as never,
  handler: async (args) => {
    const [{ storeDirOf }, { capacityContextOf }] = await Promise.all([import('../src/history/history-command.js'), import('../src/analysis/capacity/capacity-context.js')]);
    try {
      const inventory = await loadSelection({ config: args.config, 'accept-new': false });
      const store = storeDirOf(args.store, inventory);
      const context = capacityContextOf(inventory);
      if (args['what-if'] !== undefined) {
        const { runWhatIfCommand } = await import('../src/analysis/capacity/what-if-command.js');
        process.exitCode = (await runWhatIfCommand({ store, context, at: args.at, json: args.json, whatIf: args['what-if'] }, process.stdout)) ? EXIT_OK : EXIT_FAILURE;
        return;
      }
      const { runCapacityCommand } = await import('../src/analysis/capacity/capacity-command.js');
      await runCapacityCommand({ store, context, at: args.at, json: args.json }, process.stdout);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`perfmon capacity: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError || (error instanceof Error && /is not a (time|duration)|--what-if/.test(error.message)) ? EXIT_USAGE : EXIT_FAILURE;
    }
  },
};

export default capacity;
