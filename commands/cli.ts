import yargs from 'yargs';
import { commandModules } from './index.js';
import { EXIT_USAGE } from './exit-codes.js';

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
    .fail((message, error, y) => {
      if (error) throw error;
      process.stderr.write(`perfmon: ${message}\nRun 'perfmon --help' for usage.\n`);
      void y;
      process.exit(EXIT_USAGE);
    });
  for (const module of commandModules) cli = cli.command(module);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  await buildCli(argv).parseAsync();
}
