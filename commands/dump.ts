import type { Argv, CommandModule } from 'yargs';
import type { DumpArgs, DumpStatus } from '../src/diagnostics/capture/dump-cli.js';
import type { CliIO } from '../src/procedures/cli/cli-support.js';
import { EXIT_FAILURE, EXIT_HOSTS_DOWN, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { numberFlag } from './shared-options.js';

export interface DumpCommonArgs {
  host: string;
  config?: string;
  out?: string;
  timeout?: number;
  'read-only': boolean;
  'accept-new': boolean;
}

interface ThreadArgs extends DumpCommonArgs {
  pid: number;
  count: number;
  every: number;
}

interface HeapArgs extends DumpCommonArgs {
  pid?: number;
  live: boolean;
  yes: boolean;
  resume: boolean;
}

interface HistogramArgs extends ThreadArgs {
  all: boolean;
}

const positiveInteger = (name: string) => numberFlag(name, { whole: true, min: 1 });
const seconds = (name: string) => numberFlag(name, { min: 0, unit: 'seconds' });

export function withCommon<T>(y: Argv<T>) {
  return y
    .positional('host', { type: 'string', demandOption: true, describe: 'Inventory host name, or [user@]host[:port] (~/.ssh/config applies)' })
    .option('config', { alias: 'c', type: 'string', describe: 'Inventory file (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml); its jvm settings apply' })
    .option('out', { alias: 'o', type: 'string', describe: 'Local folder for the files (default: the current directory)' })
    .option('timeout', { describe: 'Seconds one capture may take before the JVM counts as not responding', coerce: seconds('timeout') })
    .option('read-only', { type: 'boolean', default: false, describe: 'Refuse every action (as readOnly: true in the inventory does)' })
    .option('accept-new', { type: 'boolean', default: false, describe: 'Record an unknown host key in known_hosts (changed keys are always refused)' });
}

function withSeries<T>(y: Argv<T>, every: number) {
  return y
    .option('pid', { demandOption: true, describe: 'The JVM’s process id on the host', coerce: positiveInteger('pid') })
    .option('count', { default: 1, describe: 'How many captures', coerce: positiveInteger('count') })
    .option('every', { default: every, describe: 'Seconds between the starts of two captures', coerce: seconds('every') });
}

/** Runs a subcommand's runner (loaded only now) with the inventory narrowed to HOST; Ctrl-C cancels it. */
export type Runner = (io: CliIO, common: DumpArgs) => Promise<DumpStatus>;

export async function run(args: DumpCommonArgs, runner: Runner) {
  const [{ loadSelection, UsageError }, { processIO }] = await Promise.all([import('./inventory-options.js'), import('../src/procedures/cli/cli-support.js')]);
  let inventory;
  try {
    inventory = await loadSelection({ config: args.config, targets: [args.host], 'accept-new': args['accept-new'] });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`perfmon: ${error.message}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const common = {
      inventory: inventory!,
      configPath: args.config,
      readOnly: args['read-only'],
      acceptNew: args['accept-new'],
      out: args.out,
      timeout: args.timeout,
      signal: controller.signal,
    };
    const status = await runner(processIO(), common);
    process.exitCode = status === 'ok' ? EXIT_OK : status === 'usage' ? EXIT_USAGE : status === 'unreachable' ? EXIT_HOSTS_DOWN : EXIT_FAILURE;
  } finally {
    process.off('SIGINT', cancel);
  }
}

const thread: CommandModule<object, ThreadArgs> = {
  command: 'thread <host>',
  describe: 'Thread dumps (jcmd Thread.print -l, else jstack -l) saved as HOST-PID-TIME.txt, with a short analysis',
  builder: (y) =>
    withSeries(withCommon(y), 10)
      .example('$0 dump thread oms-1 --pid 4242', 'one dump, deadlocks and lock waits summarised')
      .example('$0 dump thread oms-1 --pid 4242 --count 3 --every 10', 'a series: adds stuck and hot threads') as never,
  handler: (args) =>
    run(args, async (io, common) => (await import('../src/diagnostics/capture/dump-cli.js')).runThreadDumpCommand({ ...common, pid: args.pid, count: args.count, every: args.every }, io)),
};

const heap: CommandModule<object, HeapArgs> = {
  command: 'heap <host>',
  describe: 'A heap dump (jcmd GC.heap_dump -gz=1), disk space checked first, fetched over SFTP and verified',
  builder: (y) =>
    withCommon(y)
      .option('pid', { describe: 'The JVM’s process id on the host', coerce: positiveInteger('pid') })
      .option('live', { type: 'boolean', default: false, describe: 'Only live objects: the JVM runs a full GC first (default: -all, no GC)' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask for confirmation (needed without a terminal)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Complete the interrupted fetches of HOST found in the output folder' })
      .example('$0 dump heap oms-1 --pid 4242', 'checks space, shows the pause, asks, dumps, fetches, verifies')
      .example('$0 dump heap oms-1 --resume', 'completes a fetch that broke off') as never,
  handler: (args) =>
    run(args, async (io, common) => (await import('../src/diagnostics/capture/dump-cli.js')).runHeapDumpCommand({ ...common, pid: args.pid, live: args.live, yes: args.yes, resume: args.resume }, io)),
};

const histogram: CommandModule<object, HistogramArgs> = {
  command: 'histogram <host>',
  describe: 'Class histograms (jcmd GC.class_histogram): top classes, or with --count 2 the growth between two',
  builder: (y) =>
    withSeries(withCommon(y), 60)
      .option('all', { type: 'boolean', default: false, describe: 'Count unreachable objects too (no full GC first)' })
      .example('$0 dump histogram oms-1 --pid 4242 --count 2 --every 300', 'which classes grew in 5 minutes') as never,
  handler: (args) =>
    run(args, async (io, common) => (await import('../src/diagnostics/capture/dump-cli.js')).runHistogramCommand({ ...common, pid: args.pid, count: args.count, every: args.every, all: args.all }, io)),
};

/**
 * `perfmon dump thread|heap|histogram HOST --pid PID`: captures from a JVM over SSH, as the
 * JVM's owner (the host's jvm.sudoUser through sudo -n -u when set). Exit 0 when saved, 1 when
 * the capture failed or was not confirmed, 2 on bad usage or a refused action, 3 when the host
 * cannot be reached.
 */
const dump: CommandModule = {
  command: 'dump',
  describe: 'Capture JVM thread dumps, a heap dump or class histograms from a host over SSH',
  builder: (y) => y.command(thread).command(heap).command(histogram).demandCommand(1, 'say what to dump: thread, heap or histogram'),
  handler: () => undefined,
};

export default dump;
