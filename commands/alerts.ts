import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { loadSelection } from './inventory-options.js';

interface AlertsFlags {
  store?: string;
  config?: string;
  json: boolean;
  all: boolean;
}

/** `perfmon alerts`: what the recorder's rules say now, read from the history store. */
const alerts: CommandModule<object, AlertsFlags> = {
  command: 'alerts',
  describe: 'The alerts firing and pending now, as perfmon record evaluates them (--all adds the recently resolved, --json)',
  builder: (y) =>
    y
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose history store to read (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('all', { type: 'boolean', default: false, describe: 'also the alerts resolved in the last 15 minutes' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"store","at","alerts":[{id,rule,severity,labels,state,since,seen,value,silencedBy?}]}' }) as never,
  handler: async (args) => {
    const { runAlertsCommand } = await import('../src/alerts/alerts-command.js');
    const { storeDirOf } = await import('../src/history/history-command.js');
    try {
      const store = storeDirOf(args.store, await loadSelection({ config: args.config, 'accept-new': false }));
      await runAlertsCommand({ store, json: args.json, all: args.all }, process.stdout);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`perfmon alerts: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  },
};

export default alerts;
