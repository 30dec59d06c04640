import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_HOSTS_DOWN, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

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
        type: 'number',
        default: 3,
        describe: 'reads of each source; rates need 2, a sustained imbalance needs its window covered',
        coerce: (n: unknown) => {
          const v = Number(n);
          if (!Number.isInteger(v) || v < 1 || v > 1000) throw new Error(`--samples must be a whole number from 1 to 1000 (got ${JSON.stringify(n)})`);
          return v;
        },
      })
      .option('interval', {
        alias: 'i',
        type: 'number',
        default: 5,
        describe: 'seconds between reads (RabbitMQ refreshes its statistics every 5 s)',
        coerce: (n: unknown) => {
          const v = Number(n);
          if (!Number.isFinite(v) || v < 0.25 || v > 600) throw new Error(`--interval must be 0.25–600 seconds (got ${JSON.stringify(n)})`);
          return v;
        },
      })
      .option('window', { type: 'number', describe: 'seconds an imbalance must hold to be flagged (default: the run, at most 30)' })
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
