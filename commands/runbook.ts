import type { CommandModule } from 'yargs';
import { commonArgs, runProcedure, withProcedureOptions, type ProcedureArgs } from './restart.js';

interface RunbookCommandArgs extends ProcedureArgs {
  component: string;
  name?: string;
  host?: string;
  'dry-run': boolean;
  json: boolean;
}

/** `perfmon runbook COMPONENT [NAME]`: a component's runbook, or one of its named commands run on its hosts. */
const runbook: CommandModule<object, RunbookCommandArgs> = {
  command: 'runbook <component> [name]',
  describe: "A component's runbook (URL, text, commands), or run its command NAME on the component's hosts, output per host",
  builder: (y) =>
    withProcedureOptions(y)
      .positional('component', { type: 'string', demandOption: true, describe: 'Component of the inventory' })
      .positional('name', { type: 'string', describe: 'The runbook command to run (none: list them)' })
      .option('host', { type: 'string', describe: 'Only on this host of the component' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would run where, and run nothing' })
      .option('json', { type: 'boolean', default: false, describe: 'Print {"component","command","changes","results":[{host,code,stdout,stderr,error?,durationMs}]}' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/procedures/cli/runbook-command.js')).runRunbookCommand, {
      ...commonArgs(args),
      component: args.component,
      name: args.name,
      host: args.host,
      dryRun: args['dry-run'],
      json: args.json,
    }),
};

export default runbook;
