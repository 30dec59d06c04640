import type { CommandModule } from 'yargs';
import { EXIT_FAILURE } from './exit-codes.js';
import { loadSelection, withInventory, type InventoryArgs } from './inventory-options.js';
import { numberFlag, withInterval } from './shared-options.js';

interface RecordArgs extends InventoryArgs {
  interval?: number;
  store?: string;
  'flush-interval'?: number;
  listen?: string;
  'systemd-unit': boolean;
}

/** `perfmon record`: headless and long-running; every reading of the fleet (or this machine) into the history store. */
const record: CommandModule<object, RecordArgs> = {
  command: 'record',
  describe: 'Record the fleet (or this machine) into the history store until stopped; SIGHUP reloads the inventory',
  builder: (y) =>
    withInventory(withInterval(y, false))
      .option('store', { type: 'string', describe: "History store directory (default the inventory's history.path, else $XDG_STATE_HOME/perfmon/history)" })
      .option('flush-interval', {
        describe: 'Seconds between writes to the disk: what a kill -9 or a power cut can lose (default 2)',
        coerce: (value: unknown) => (value === undefined ? undefined : numberFlag('flush-interval', { min: 0.1, max: 300, unit: 'seconds' })(value)),
      })
      .option('listen', { type: 'string', describe: 'Also serve the readings on http://[HOST:]PORT/metrics for Prometheus to scrape (HOST default 127.0.0.1)' })
      .option('systemd-unit', { type: 'boolean', default: false, describe: 'Print a systemd user unit that runs this recorder, and exit' }) as never,
  handler: async (args) => {
    const { runRecorder, printSystemdUnit } = await import('../src/runtime/record-command.js');
    if (args['systemd-unit']) {
      await loadSelection(args); // a unit for an inventory that does not load would only fail later, under systemd
      process.stdout.write(printSystemdUnit(args));
      return;
    }
    const code = await runRecorder(args, () => loadSelection(args), process.stderr);
    process.exitCode = code === 0 ? 0 : EXIT_FAILURE;
    // Everything is flushed and closed; a connection still saying goodbye must not hold the exit up.
    setTimeout(() => process.exit(), 2000).unref();
  },
};

export default record;
