import yargs from 'yargs';
import { commandModules } from './index.js';
import { EXIT_FAILURE, EXIT_USAGE } from './exit-codes.js';
import { UsageError } from './inventory-options.js';

/** Builds the yargs parser with every command; exported so tests can parse without running. */
export function buildCli(argv: string[]) {
  let cli = yargs(argv)
    .scriptName('perfmon')
    .usage('$0 [command] [options]\n\nA terminal UI for on-call operators: this machine, or a fleet over SSH.')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns || 80))
    .fail((message, error) => {
      // yargs' own errors (unknown flags, bad values from `coerce`) are usage errors: exit 2.
      // Anything else comes from a command and is reported by main().
      if (error && error.name !== 'YError') throw error;
      process.stderr.write(`perfmon: ${message ?? error?.message}\nRun 'perfmon --help' for usage.\n`);
      process.exit(EXIT_USAGE);
    });
  for (const module of commandModules) cli = cli.command(module);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli(argv).parseAsync();
  } catch (error) {
    // A failure a command did not handle: one line for the operator, the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`perfmon: ${message}\n`);
    if (process.env['PERFMON_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
