import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { loadSelection } from './inventory-options.js';

interface SilenceFlags {
  action: 'add' | 'list' | 'expire';
  words?: string[];
  for?: string;
  comment?: string;
  store?: string;
  config?: string;
  json: boolean;
}

/** `perfmon silence add|list|expire`: alerts that match a silence are not sent on while it lasts. */
const silence: CommandModule<object, SilenceFlags> = {
  command: 'silence <action> [words..]',
  describe: 'Silence alerts: add MATCHER… --for 1h [--comment], list [--json], expire ID (audited; shared through the history store)',
  builder: (y) =>
    y
      .positional('action', { choices: ['add', 'list', 'expire'] as const, describe: 'add a silence, list them, or expire one now' })
      .positional('words', { type: 'string', array: true, describe: 'add: label=value or label=/regex/ matchers; expire: the silence id' })
      .option('for', { type: 'string', describe: 'add: how long (30m, 2h, 1d)' })
      .option('comment', { type: 'string', describe: 'add: why (kept with the silence and in the audit log)' })
      .option('store', { type: 'string', describe: "history store (default: the inventory's history.path, else the state dir's history/)" })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose store and audit log to use (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
      .option('json', { type: 'boolean', default: false, describe: 'list: print {"file","silences":[…]}' }) as never,
  handler: async (args) => {
    const { runSilenceCommand, SilenceUsageError } = await import('../src/alerts/silence-command.js');
    const { storeDirOf } = await import('../src/history/history-command.js');
    const { defaultAuditPath } = await import('../src/config/config-paths.js');
    const { parseDuration } = await import('../src/config/duration.js');
    try {
      const inventory = await loadSelection({ config: args.config, 'accept-new': false });
      const store = storeDirOf(args.store, inventory);
      const seconds = args.for === undefined ? undefined : (parseDuration(args.for) ?? Number.NaN);
      if (seconds !== undefined && Number.isNaN(seconds)) throw new SilenceUsageError(`--for ${JSON.stringify(args.for)} is not a duration (e.g. 30m, 2h, 1d)`);
      await runSilenceCommand({ action: args.action, store, words: (args.words ?? []).map(String), ...(seconds === undefined ? {} : { seconds }), ...(args.comment === undefined ? {} : { comment: args.comment }), json: args.json }, inventory?.audit.path ?? defaultAuditPath(), process.stdout);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.stderr.write(`perfmon silence: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof SilenceUsageError ? EXIT_USAGE : EXIT_FAILURE;
    }
  },
};

export default silence;
