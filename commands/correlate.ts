import type { CommandModule } from 'yargs';
import { runOnHistory } from './history-analysis.js';

interface CorrelateFlags {
  metric: string;
  host?: string;
  label?: string[];
  from: string;
  to: string;
  top: number;
  store?: string;
  config?: string;
  json: boolean;
}

/**
 * `perfmon correlate METRIC [--host H] --from --to [--json]`: every other stored series of the
 * fleet ranked by how much it changed in the window (against the window before) and how closely
 * it moved with METRIC, with perfmon's events and host up/down changes in the window. Exit 0
 * with a ranking, 1 when the store or the series cannot be read, 2 on bad flags.
 */
const correlate: CommandModule<object, CorrelateFlags> = {
  command: 'correlate <metric>',
  describe: 'What moved with METRIC: every other stored series ranked by its change in the window (KS, mean) and its correlation with METRIC (Pearson, Spearman, lead), with the events of the window',
  builder: (y) =>
    y
      .positional('metric', { type: 'string', demandOption: true, describe: 'the chosen series: a metric name (with --host/--label picking one series)' })
      .option('host', { type: 'string', describe: 'the host of the chosen series' })
      .option('label', { type: 'string', array: true, describe: 'k=v the chosen series carries (repeatable)' })
      .option('from', { type: 'string', default: '-15m', describe: 'window start (ISO 8601, 03:12, or -15m)' })
      .option('to', { type: 'string', default: 'now', describe: 'window end (same forms)' })
      .option('top', { type: 'number', default: 20, describe: 'series listed' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose history store to read and whose components name the hosts' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"store","metric","from","to","baseline","step","maxLagSeconds","compared","ranking":[…],"events":[…],"hostChanges":[…]}' })
      .example('$0 correlate app_metric_quantile --label component=engine --label metric=orderLatency --label quantile=0.99 --from -30m', 'what moved with the engine p99') as never,
  handler: async (args) => {
    const { runCorrelate } = await import('../src/analysis/correlation/correlate-command.js');
    await runOnHistory('correlate', args, (store, componentsOf) =>
      runCorrelate(
        {
          store,
          metric: args.metric,
          host: args.host,
          label: args.label ?? [],
          from: args.from,
          to: args.to,
          top: args.top,
          json: args.json,
          componentsOf,
        },
        process.stdout,
      ),
    );
  },
};

export default correlate;
