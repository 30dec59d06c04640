import type { CommandModule } from 'yargs';
import { runOnHistory } from './history-analysis.js';

interface CompareFlags {
  metric?: string;
  host?: string;
  label?: string[];
  from: string;
  to: string;
  baseline: string;
  top: number;
  store?: string;
  config?: string;
  json: boolean;
}

/**
 * `perfmon compare [METRIC] --from --to --baseline -1d|-7d|TIME [--json]`: each stored series in
 * the window against the baseline window — mean, p95, max, the change and its significance. Exit
 * 0 with a table, 1 when the store cannot be read, 2 on bad flags.
 */
const compare: CommandModule<object, CompareFlags> = {
  command: 'compare [metric]',
  describe: 'Period over period: each stored series in the window against a baseline window (-1d, -7d or a TIME): mean, p95, max, change and its significance',
  builder: (y) =>
    y
      .positional('metric', { type: 'string', describe: 'only series of this name (default: every series)' })
      .option('host', { type: 'string', describe: 'only series of this host' })
      .option('label', { type: 'string', array: true, describe: 'k=v a series must carry (repeatable)' })
      .option('from', { type: 'string', default: '-1h', describe: 'window start (ISO 8601, 03:12, or -1h)' })
      .option('to', { type: 'string', default: 'now', describe: 'window end (same forms)' })
      .option('baseline', { type: 'string', default: '-1d', describe: 'the window shifted back (-1d, -7d, -2h) or the baseline start (a TIME)' })
      .option('top', { type: 'number', default: 30, describe: 'series listed' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose history store to read and whose components name the hosts' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"store","from","to","baseline":{from,to},"step","compared","series":[{id,name,labels,host,component,current,baseline,change,p,significant}]}' })
      .example('$0 compare --from -1h --baseline -7d', 'this hour against the same hour last week') as never,
  handler: async (args) => {
    const { runCompare } = await import('../src/analysis/correlation/compare-command.js');
    await runOnHistory('compare', args, (store, componentsOf) =>
      runCompare(
        {
          store,
          metric: args.metric,
          host: args.host,
          label: args.label ?? [],
          from: args.from,
          to: args.to,
          baseline: args.baseline,
          top: args.top,
          json: args.json,
          componentsOf,
        },
        process.stdout,
      ),
    );
  },
};

export default compare;
