import type { CommandModule } from 'yargs';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';

interface AuditCommandArgs {
  config?: string;
  since?: string;
  component?: string;
  host?: string;
  json: boolean;
}

/** `perfmon audit`: the audit log read back, an action per line. */
const audit: CommandModule<object, AuditCommandArgs> = {
  command: 'audit',
  describe: 'Who did what, where, when, with what result: the audit log, an action per line (--since, --component, --host, --json)',
  builder: (y) =>
    y
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory whose audit log to read (default ~/.config/perfmon/perfmon.yaml, else the default log)' })
      .option('since', { type: 'string', describe: 'Only from then on: 2h, 30m, 7d (back from now), 03:12, or 2026-11-30T14:00:00Z' })
      .option('component', { type: 'string', describe: 'Only this component' })
      .option('host', { type: 'string', describe: 'Only this host' })
      .option('json', { type: 'boolean', default: false, describe: 'Print {"file","entries":[…],"problems":[…]} with every field, commands included' }) as never,
  handler: async (args) => {
    const { runAuditCommand, AuditUsageError } = await import('../src/procedures/cli/audit-command.js');
    try {
      await runAuditCommand(args, process.stdout, process.stderr);
      process.exitCode = EXIT_OK;
    } catch (error) {
      if (!(error instanceof AuditUsageError)) throw error;
      process.stderr.write(`perfmon: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    }
  },
};

export default audit;
