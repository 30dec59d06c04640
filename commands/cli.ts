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

/**
 * `perfmon config schema | head`: the reader went away, so nothing more can be said; end
 * quietly instead of with Node's EPIPE stack trace (as `cat` does when head has enough).
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

/** The options whose value may be `-` (stdout). */
const DASH_VALUED = new Set(['--out', '-o']);
/** The options that take a TIME, which may be relative: `-15m`. */
const TIME_VALUED = new Set(['--at', '--from', '--to', '--baseline']);

/**
 * yargs reads a lone `-` after an option as a positional argument, so `--out -` (stdout, as
 * documented) came out as "Unknown argument: -". Glue it to its option: `--out=-`. A relative
 * TIME (`--at -15m`) read as short flags the same way: glued too.
 */
export function keepDashValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if ((DASH_VALUED.has(arg) && next === '-') || (TIME_VALUED.has(arg) && next !== undefined && /^-\d/.test(next))) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  try {
    await buildCli(keepDashValues(argv)).parseAsync();
  } catch (error) {
    // A failure a command did not handle: one line for the operator, the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`perfmon: ${message}\n`);
    if (process.env['PERFMON_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
