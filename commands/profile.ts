import type { CommandModule } from 'yargs';
import { run, withCommon, type DumpCommonArgs } from './dump.js';
import { numberFlag } from './shared-options.js';

interface ProfileArgs extends DumpCommonArgs {
  pid: number;
  duration: number;
  json: boolean;
  top: number;
  folded?: string;
  svg?: string;
  flame: 'cpu' | 'alloc';
}

/** `30s`, `2m`, `45` (seconds) → whole seconds from 1 to 3600. */
export function parseProfileDuration(value: unknown): number {
  const text = String(value).trim();
  const m = /^(\d+)(s|m)?$/.exec(text);
  const seconds = m ? Number(m[1]) * (m[2] === 'm' ? 60 : 1) : NaN;
  if (!(seconds >= 1 && seconds <= 3600)) throw new Error(`--duration must be whole seconds or minutes from 1s to 60m, like 30s or 2m (got ${text})`);
  return seconds;
}

/**
 * `perfmon profile HOST --pid PID [--duration 30s] [--json]`: a JFR recording (settings=profile)
 * of the JVM, fetched and verified like a heap dump, analysed here with the JDK's jfr tool:
 * hot methods and call paths, allocation sites, lock contention, slow I/O, GC pauses; the CPU
 * (or allocation) flame graph exported with --folded / --svg. Allowed and audited as a thread
 * dump (action kind dump-thread; refused with --read-only). Exit 0 when recorded and analysed,
 * 1 when the capture or the analysis failed, 2 on bad usage or a refused action, 3 when the
 * host cannot be reached.
 */
const profile: CommandModule<object, ProfileArgs> = {
  command: 'profile <host>',
  describe: 'Profile a JVM with Java Flight Recorder over SSH: CPU, allocation, locks, slow I/O, GC, flame graph',
  builder: (y) =>
    withCommon(y)
      .option('pid', { demandOption: true, describe: 'The JVM’s process id on the host', coerce: numberFlag('pid', { whole: true, min: 1 }) })
      .option('duration', { default: '30s', describe: 'How long to record: 30s, 2m (1s to 60m)', coerce: parseProfileDuration })
      .option('json', { type: 'boolean', default: false, describe: 'Print the saved file and the analysis as JSON' })
      .option('top', { default: 10, describe: 'Rows per list', coerce: numberFlag('top', { whole: true, min: 1 }) })
      .option('folded', { type: 'string', describe: 'Also write the flame graph as folded stacks (flamegraph.pl, speedscope)' })
      .option('svg', { type: 'string', describe: 'Also write the flame graph as a self-contained SVG' })
      .option('flame', { choices: ['cpu', 'alloc'] as const, default: 'cpu' as const, describe: 'Which flame graph to export: CPU samples or allocated bytes' })
      .example('$0 profile oms-1 --pid 4242', '30 s of JFR, fetched, analysed')
      .example('$0 profile oms-1 --pid 4242 --duration 2m --svg oms-cpu.svg', 'and the CPU flame graph as an SVG') as never,
  handler: (args) =>
    run(args, async (io, common) =>
      (await import('../src/diagnostics/capture/profile-cli.js')).runProfileCommand(
        { ...common, pid: args.pid, durationSeconds: args.duration, json: args.json, top: args.top, folded: args.folded, svg: args.svg, flame: args.flame },
        io,
      ),
    ),
};

export default profile;
