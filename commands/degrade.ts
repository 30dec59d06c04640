import type { CommandModule } from 'yargs';
import { commonArgs, runProcedure, withProcedureOptions, type ProcedureArgs } from './restart.js';

interface DegradeArgs extends ProcedureArgs {
  component?: string;
  control?: string;
  state?: string;
  profile?: string;
  for?: string;
  revert: boolean;
  'dry-run': boolean;
}

/** `perfmon degrade`: feature flags and throttles, one at a time or by profile, optionally time-boxed. */
const degrade: CommandModule<object, DegradeArgs> = {
  command: 'degrade [component] [control] [state]',
  describe: 'Show degradation controls, switch one (COMPONENT CONTROL on|off) or a --profile, optionally --for a while; --revert',
  builder: (y) =>
    withProcedureOptions(y)
      .positional('component', { type: 'string', describe: 'Component whose controls to show or switch' })
      .positional('control', { type: 'string', describe: 'Control (flag or throttle) to switch' })
      .positional('state', { type: 'string', choices: ['on', 'off'], describe: 'on or off' })
      .option('profile', { alias: 'p', type: 'string', describe: 'Apply the named profile of the inventory' })
      .option('for', { type: 'string', describe: 'Revert to the states read before after this long (e.g. 15m); this process waits and reverts' })
      .option('revert', { type: 'boolean', default: false, describe: 'Revert every pending time-boxed degradation now' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Show what would be switched and the current states; do nothing' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/procedures/cli/degrade-command.js')).runDegradeCommand, {
      ...commonArgs(args),
      component: args.component,
      control: args.control,
      state: args.state,
      profile: args.profile,
      for: args.for,
      revert: args.revert,
      dryRun: args['dry-run'],
    }),
};

export default degrade;
