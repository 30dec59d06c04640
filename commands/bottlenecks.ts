import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { loadSelection, UsageError } from './inventory-options.js';

interface BottlenecksArgs {
  window: string;
  at: string;
  json: boolean;
  store?: string;
  config?: string;
}

/**
 * `perfmon bottlenecks`: what limits the platform over a window of the recorded history — the
 * USE method on every host's resources and the software resources (JVM GC and heap, database
 * connections, locks and cache, queue backlog and consumers) — as findings worst first. Exit 0
 * when analysed (findings or not), 1 when the store cannot be read or holds nothing then, 2 on a
 * bad flag or inventory.
 */
const bottlenecks: CommandModule<object, BottlenecksArgs> = {
  command: 'bottlenecks',
  describe: 'What limits the platform: saturated resources over a window of the recorded history, worst first, with evidence, culprits and actions',
  builder: (y) =>
    y
      .option('window', { type: 'string', default: '1h', describe: 'How far back from --at to look (10s … 30d)' })
      .option('at', { type: 'string', default: 'now', describe: 'End of the window (ISO 8601, 03:12, or -15m)' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"store","from","to","stepSeconds","saturatedShare","hosts","findings":[{id,resource,title,severity,severityReason,score,hosts,components,affects,evidence,culprits,actions}]}' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory: its history store, components and dependsOn (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .example('$0 bottlenecks', 'the last hour, worst first')
      .example('$0 bottlenecks --window 15m --at 03:12 --json', 'the quarter hour up to 03:12, as JSON') as never,
  handler: async (args) => {
    try {
      const inventory = await loadSelection({ config: args.config, 'accept-new': false });
      const [{ runBottlenecksCommand }, { topologyOf }, { storeDirOf }] = await Promise.all([
        import('../src/analysis/bottlenecks/bottlenecks-command.js'),
        import('../src/analysis/bottlenecks/inventory-topology.js'),
        import('../src/history/history-command.js'),
      ]);
      const width = process.stdout.isTTY ? process.stdout.columns : 120;
      await runBottlenecksCommand({ store: storeDirOf(args.store, inventory), window: args.window, at: args.at, json: args.json, topology: topologyOf(inventory), width }, process.stdout);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`perfmon bottlenecks: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError || error instanceof RangeError ? EXIT_USAGE : EXIT_FAILURE;
    }
  },
};

export default bottlenecks;
