import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { loadSelection } from './inventory-options.js';

interface AlertsFlags {
  store?: string;
  config?: string;
  json: boolean;
  all: boolean;
  action?: string;
  rule?: string;
  from: string;
  to: string;
  note?: string;
  for?: string;
}

/** `perfmon alerts`: what the recorder's rules say now, read from the history store; `alerts backtest`: how often they would have fired. */
const alerts: CommandModule<object, AlertsFlags> = {
  command: 'alerts [action] [rule]',
  describe: 'The alerts firing and pending now, as perfmon record evaluates them (--all adds the recently resolved, --json); ack ID [--note] [--for]: take one in hand (no repeat pages); backtest [RULE]: how often the rules would have fired over the stored history',
  builder: (y) =>
    y
      .positional('action', { choices: ['backtest', 'ack'] as const, describe: 'backtest: replay the stored history through the rules (fires, firing time, flaps, hosts per rule); ack: acknowledge an alert' })
      .positional('rule', { type: 'string', describe: 'backtest: only this rule (by name); ack: the alert id (or its first 4+ characters)' })
      .option('note', { type: 'string', describe: 'ack: what you are doing about it (kept with the ack and in the audit log)' })
      .option('for', { type: 'string', describe: 'ack: how long the ack holds (default 8h; it ends earlier when the alert resolves)' })
      .option('from', { type: 'string', default: '-30d', describe: 'backtest: start (ISO 8601, 03:12, or -30d)' })
      .option('to', { type: 'string', default: 'now', describe: 'backtest: end (same forms)' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose history store to read (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('all', { type: 'boolean', default: false, describe: 'also the alerts resolved in the last 15 minutes' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"store","at","alerts":[{id,rule,severity,labels,state,since,seen,value,activeSince,maintenance?,silencedBy?,ack?:{by,at,note,expiresAt}}]}; backtest: {"store","from","to","tier","readings","hosts","rules":[{rule,severity,fires,resolves,firingSeconds,flaps,hosts}]}' }) as never,
  handler: async (args) => {
    const { runAlertsCommand } = await import('../src/alerts/alerts-command.js');
    const { storeDirOf } = await import('../src/history/history-command.js');
    try {
      const inventory = await loadSelection({ config: args.config, 'accept-new': false });
      const store = storeDirOf(args.store, inventory);
      if (args.action === 'backtest') {
        const [{ runAlertsBacktest }, { inventoryRules }, { DEFAULT_THRESHOLDS }] = await Promise.all([
          import('../src/alerts/alerts-backtest-command.js'),
          import('../src/alerts/inventory-rules.js'),
          import('../src/analysis/thresholds.js'),
        ]);
        const rules = inventoryRules(inventory?.thresholds ?? DEFAULT_THRESHOLDS, inventory?.alerts ?? { builtIn: true, rules: [] });
        await runAlertsBacktest({ store, rules, ...(args.rule === undefined ? {} : { rule: args.rule }), from: args.from, to: args.to, json: args.json }, process.stdout);
      } else if (args.action === 'ack') {
        const [{ runAckCommand, AckUsageError }, { defaultAuditPath }, { parseDuration }] = await Promise.all([
          import('../src/alerts/ack-command.js'),
          import('../src/config/config-paths.js'),
          import('../src/config/duration.js'),
        ]);
        const seconds = args.for === undefined ? undefined : (parseDuration(args.for) ?? Number.NaN);
        if (seconds !== undefined && Number.isNaN(seconds)) throw new AckUsageError(`--for ${JSON.stringify(args.for)} is not a duration (e.g. 30m, 2h, 1d)`);
        await runAckCommand({ store, id: args.rule, ...(args.note === undefined ? {} : { note: args.note }), ...(seconds === undefined ? {} : { seconds }) }, inventory?.audit.path ?? defaultAuditPath(), process.stdout);
      } else {
        const { maintenanceConfigOf } = await import('../src/alerts/maintenance-watch.js');
        await runAlertsCommand({ store, json: args.json, all: args.all, maintenance: maintenanceConfigOf(inventory) }, process.stdout);
      }
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`perfmon alerts: ${error instanceof Error ? error.message : String(error)}\n`);
      const { AckUsageError } = await import('../src/alerts/ack-command.js');
      process.exitCode = error instanceof AckUsageError ? EXIT_USAGE : EXIT_FAILURE;
    }
  },
};

export default alerts;
