import type { CommandModule } from 'yargs';
import { commonArgs, runProcedure, withProcedureOptions, type ProcedureArgs } from './restart.js';

interface RecoverArgs extends ProcedureArgs {
  'dry-run': boolean;
}

/** `perfmon recover`: every component restarted in dependency order, level by level, health-gated. */
const recover: CommandModule<object, RecoverArgs> = {
  command: 'recover',
  describe: 'Restart the platform in dependency order (critical first), each level healthy before the next',
  builder: (y) =>
    withProcedureOptions(y).option('dry-run', { type: 'boolean', default: false, describe: 'Print the levels and every command, and do nothing' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/procedures/cli/recover-command.js')).runRecoverCommand, { ...commonArgs(args), dryRun: args['dry-run'] }),
};

export default recover;
