import type { Argv, CommandModule } from 'yargs';
import type { CliIO, CliStatus } from '../src/procedures/cli/cli-support.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** Exit status of a procedure command: 0 all done, 1 stopped/refused/not confirmed, 2 usage or config. */
function exitCodeOf(status: CliStatus): number {
  return status === 'ok' ? EXIT_OK : status === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
}

/** Runs a procedure command's runner (loaded only now) on this process's stdio and sets the exit code. */
export async function runProcedure<A>(load: () => Promise<(args: A, io: CliIO) => Promise<CliStatus>>, args: A): Promise<void> {
  const [run, { processIO }] = await Promise.all([load(), import('../src/procedures/cli/cli-support.js')]);
  process.exitCode = exitCodeOf(await run(args, processIO()));
}

/** Flags every procedure command (restart, recover, degrade) takes. */
export function withProcedureOptions<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Inventory file (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml)' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask for the typed confirmation (needed without a terminal)' })
    .option('read-only', { type: 'boolean', default: false, describe: 'Refuse every action (as readOnly: true in the inventory does)' })
    .option('accept-new', { type: 'boolean', default: false, describe: 'Record unknown host keys in known_hosts (changed keys are always refused)' });
}

export interface ProcedureArgs {
  config?: string;
  yes: boolean;
  'read-only': boolean;
  'accept-new': boolean;
}

/** The shared flags as the runners take them. */
export function commonArgs(args: ProcedureArgs) {
  return { config: args.config, yes: args.yes, readOnly: args['read-only'], acceptNew: args['accept-new'] };
}

interface RestartArgs extends ProcedureArgs {
  component?: string;
  rolling: boolean;
  batch?: string;
  'max-fail'?: number;
  'dry-run': boolean;
  resume?: string;
  'allow-unhealthy': boolean;
}

/** `perfmon restart COMPONENT`: health-gated rolling restart (the only kind), journaled and resumable. */
const restart: CommandModule<object, RestartArgs> = {
  command: 'restart [component]',
  describe: 'Restart a component host by host (drain, restart, wait healthy, undrain), or --resume a stopped run',
  builder: (y) =>
    withProcedureOptions(y)
      .positional('component', { type: 'string', describe: 'Component of the inventory to restart' })
      .option('rolling', { type: 'boolean', default: true, describe: 'One batch of hosts at a time, each healthy before the next: the only kind of restart (may be omitted)' })
      .option('batch', { type: 'string', describe: 'Hosts per batch: N or N% (default 1; never more than the component’s maxUnavailable)' })
      .option('max-fail', { type: 'number', describe: 'Keep going while at most N hosts have failed (default 0: stop at the first)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan with every command and do nothing' })
      .option('allow-unhealthy', {
        type: 'boolean',
        default: false,
        describe: 'Restart even though hosts already unhealthy (failing their check, unreachable) count against maxUnavailable and the plan would leave fewer up',
      })
      .option('resume', { type: 'string', describe: 'Continue run RUN from its journal; no host is restarted twice' }) as never,
  handler: (args) =>
    runProcedure(
      async () => (await import('../src/procedures/cli/restart-command.js')).runRestartCommand,
      {
        ...commonArgs(args),
        component: args.component,
        rolling: args.rolling,
        batch: args.batch,
        maxFail: args['max-fail'],
        dryRun: args['dry-run'],
        resume: args.resume,
        allowUnhealthy: args['allow-unhealthy'],
      },
    ),
};

export default restart;
