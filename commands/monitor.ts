import type { CommandModule } from 'yargs';
import { EXIT_USAGE } from './exit-codes.js';
import { withColor, withInterval } from './shared-options.js';

interface MonitorArgs {
  interval: number;
  color: boolean;
  'read-only': boolean;
}

/** `perfmon`: the full-screen UI. */
const monitor: CommandModule<object, MonitorArgs> = {
  command: '$0',
  describe: 'Watch this machine live in the terminal UI (the default command)',
  builder: (y) =>
    withColor(withInterval(y)).option('read-only', {
      type: 'boolean',
      default: false,
      describe: 'Hide every action that changes a host (restarts, degradation, dumps)',
    }) as never,
  handler: async (args) => {
    if (!process.stdout.isTTY) {
      process.stderr.write("perfmon: stdout is not a terminal; for a one-off reading use 'perfmon snapshot' (or 'perfmon snapshot --json')\n");
      process.exitCode = EXIT_USAGE;
      return;
    }
    const [{ MetricStore }, { watchLocalHost }, { runTui }, { HOST_PANES }, { DEFAULT_THRESHOLDS }, theme] = await Promise.all([
      import('../src/model/store.js'),
      import('../src/collect/watch-local.js'),
      import('../views/run-tui.js'),
      import('../views/panes.js'),
      import('../src/analysis/thresholds.js'),
      import('../views/theme.js'),
    ]);
    theme.applyColorChoice(args.color);
    const intervalMs = Math.round(args.interval * 1000);
    const store = new MetricStore({ notifyDelayMs: 30 });
    const watch = watchLocalHost(store, intervalMs);
    try {
      await runTui({
        store,
        panes: HOST_PANES,
        hostName: watch.hostName,
        config: { thresholds: DEFAULT_THRESHOLDS, intervalMs, readOnly: args['read-only'], environment: null },
      });
    } finally {
      watch.stop();
    }
  },
};

export default monitor;
