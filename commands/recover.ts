import type { CommandModule } from 'yargs';
import { commonArgs, runProcedure, withProcedureOptions, type ProcedureArgs } from './restart.js';

interface RecoverArgs extends ProcedureArgs {
  'dry-run': boolean;
  'skip-down': boolean;
}

/** `perfmon recover`: every component restarted in dependency order, level by level, health-gated. */
const recover: CommandModule<object, RecoverArgs> = {
  command: 'recover',
  describe: 'Restart the platform in dependency order (critical first), each level healthy before the next',
  builder: (y) =>
    withProcedureOptions(y)
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the levels and every command, check health now, and do nothing' })
      .option('skip-down', { type: 'boolean', default: false, describe: 'Recover without the hosts that cannot be reached (named before anything is asked)' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/procedures/cli/recover-command.js')).runRecoverCommand, { ...commonArgs(args), dryRun: args['dry-run'], skipDown: args['skip-down'] }),
};

export default recover;
