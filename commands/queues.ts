import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_HOSTS_DOWN, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { numberFlag } from './shared-options.js';

const EXIT_CODES = { ok: EXIT_OK, failure: EXIT_FAILURE, usage: EXIT_USAGE, 'hosts-down': EXIT_HOSTS_DOWN } as const;

interface QueuesFlags {
  config?: string;
  json: boolean;
  samples: number;
  interval: number;
  window?: number;
  acceptNew: boolean;
}

/**
 * `perfmon queues`: every configured queue with depth, rates, consumers, a sustained
 * imbalance flag and the time to drain or fill (a table, or --json; the shape is documented in
 * src/runtime/queues-command.ts).
 */
const queues: CommandModule<object, QueuesFlags> = {
  command: 'queues',
  describe: 'Read the configured queues over SSH and print depth, rates, imbalance and time to drain',
  builder: (y) =>
    y
      .option('config', { type: 'string', describe: 'inventory file (default ~/.config/perfmon/perfmon.yaml)' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"queues":[…],"errors":[…]} in the documented shape' })
      .option('samples', {
        default: 3,
        describe: 'reads of each source; rates need 2, a sustained imbalance needs its window covered',
        coerce: numberFlag('samples', { whole: true, min: 1, max: 1000 }),
      })
      .option('interval', {
        alias: 'i',
        default: 5,
        describe: 'seconds between reads (RabbitMQ refreshes its statistics every 5 s)',
        coerce: numberFlag('interval', { min: 0.25, max: 600, unit: 'seconds' }),
      })
      .option('window', { describe: 'seconds an imbalance must hold to be flagged (default: the run, at most 30)', coerce: numberFlag('window', { min: 0, unit: 'seconds' }) })
      .option('accept-new', { type: 'boolean', default: false, describe: 'record unknown host keys (never changed ones) in known_hosts' }) as never,
  handler: async (args) => {
    const { runQueuesCommand } = await import('../src/runtime/queues-command.js');
    const outcome = await runQueuesCommand(
      { config: args.config, json: args.json, samples: args.samples, interval: args.interval, window: args.window, acceptNew: args.acceptNew },
      { out: process.stdout, err: process.stderr },
    );
    process.exitCode = EXIT_CODES[outcome];
  },
};

export default queues;
