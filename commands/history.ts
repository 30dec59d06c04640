import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';
import { loadSelection, UsageError } from './inventory-options.js';

interface HistoryFlags {
  store?: string;
  config?: string;
  json: boolean;
  csv: boolean;
  metric?: string;
  host?: string;
  label?: string[];
  from: string;
  to: string;
  step?: string;
  _: (string | number)[];
}

/** `perfmon history stats` / `perfmon history query METRIC`: read the embedded history store. */
const history: CommandModule<object, HistoryFlags> = {
  command: 'history <action> [metric]',
  describe: "Read the history store: stats (retention per tier), query METRIC over a range, or events (perfmon's audited actions)",
  builder: (y) =>
    y
      .positional('action', { choices: ['stats', 'query', 'events'] as const, describe: 'stats: what each tier keeps; query: one metric over a range; events: the audited actions over a range' })
      .positional('metric', { type: 'string', describe: 'metric name for query (e.g. cpu_usage)' })
      .option('store', { type: 'string', describe: "store directory (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory file whose history.path is the store (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .option('csv', { type: 'boolean', default: false, describe: 'query: print CSV' })
      .option('host', { type: 'string', describe: 'query: only this host' })
      .option('label', { type: 'string', array: true, describe: 'query: k=v a series must carry (repeatable)' })
      .option('from', { type: 'string', default: '-1h', describe: 'query, events: start (ISO 8601, 03:12, or -15m)' })
      .option('to', { type: 'string', default: 'now', describe: 'query, events: end (same forms)' })
      .option('step', { type: 'string', describe: 'query: bucket width (10s, 1m, 1h); picks the tier' }) as never,
  handler: async (args) => {
    const { storeDirOf, runHistoryEvents, runHistoryQuery, runHistoryStats } = await import('../src/history/history-command.js');
    const io = { out: process.stdout, err: process.stderr };
    try {
      const store = storeDirOf(args.store, await loadSelection({ config: args.config, 'accept-new': false }));
      const action = (args as unknown as { action: string }).action;
      if (action === 'stats') await runHistoryStats(store, args.json, io);
      else if (action === 'events') await runHistoryEvents({ store, from: args.from, to: args.to, json: args.json }, io);
      else {
        if (!args.metric) throw new Error('history query needs a METRIC (e.g. perfmon history query cpu_usage --host db1)');
        await runHistoryQuery(
          { store, metric: args.metric, host: args.host, label: args.label ?? [], from: args.from, to: args.to, step: args.step, format: args.json ? 'json' : args.csv ? 'csv' : 'table' },
          io,
        );
      }
    } catch (error) {
      process.stderr.write(`perfmon history: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
    }
  },
};

export default history;
