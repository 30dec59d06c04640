import type { CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { numberFlag } from './shared-options.js';

interface AnalyzeArgs {
  files: string[];
  json: boolean;
  top: number;
  histogram: boolean;
  folded?: string;
  svg?: string;
  flame: 'cpu' | 'alloc';
}

const parseTop = numberFlag('top', { whole: true, min: 1 });

/**
 * `perfmon analyze FILE…`: thread dumps from anywhere (jcmd Thread.print, jstack, kill -3,
 * `perfmon dump`), several files being one series of the same JVM put in capture order.
 * `perfmon analyze --histogram A [B]`: class histograms, top classes of A or growth from A to B.
 * Files that are plainly not thread dumps (folders, empty files, class histograms, heap dumps)
 * are skipped with a note each on stderr. Exit 0 when at least one dump was analysed
 * (deadlocks included), 1 when none was or a file cannot be read or parsed
 * (`file:line: reason` on stderr), 2 on bad usage.
 * `perfmon analyze FILE.jfr`: a Java Flight Recorder recording (`perfmon profile`, JFR.dump,
 * -XX:StartFlightRecording), read with the JDK's jfr tool: hot methods and call paths,
 * allocation sites, lock contention, slow I/O, GC pauses; --folded / --svg export its flame
 * graph. Exit 0 when analysed, 1 when it cannot be read (no jfr tool, a damaged file).
 */
const analyze: CommandModule<object, AnalyzeArgs> = {
  command: 'analyze <files..>',
  describe: 'Analyse JVM thread dumps (deadlocks, lock chains, pools, hot and stuck threads) or class histograms',
  builder: (y) =>
    y
      .positional('files', {
        type: 'string',
        array: true,
        describe: 'Thread dump files, one series of one JVM (ordered by the capture time in their headers)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the analysis as JSON in the documented shape' })
      .option('top', {
        default: 10,
        describe: 'How many hot threads, stack groups, classes (and names per list in the report) to show',
        coerce: parseTop,
      })
      .option('histogram', {
        type: 'boolean',
        default: false,
        describe: 'The files are GC.class_histogram captures: one → top classes by bytes, two → growth from the first to the second',
      })
      .option('folded', { type: 'string', describe: 'JFR recordings: also write the flame graph as folded stacks' })
      .option('svg', { type: 'string', describe: 'JFR recordings: also write the flame graph as a self-contained SVG' })
      .option('flame', { choices: ['cpu', 'alloc'] as const, default: 'cpu' as const, describe: 'JFR recordings: which flame graph to export (CPU samples or allocated bytes)' })
      .example('$0 analyze host-4242-20250101T120000Z.jfr --svg cpu.svg', 'a JFR profile: hot methods, allocations, locks, slow I/O, GC; the CPU flame graph')
      .example('$0 analyze host-4242-20250101T120000.txt', 'deadlocks, lock waits, pools and stack groups of one dump')
      .example('$0 analyze dumps/*.txt --json', 'a series: adds the hot threads (cpu= delta) and stuck threads')
      .example('$0 analyze --histogram before.txt after.txt', 'which classes grew between two class histograms') as never,
  handler: async (args) => {
    // Checked here rather than in .check(): the CLI's fail handler rethrows what a check returns.
    if (args.histogram && args.files.length > 2) {
      process.stderr.write(`perfmon: --histogram takes one or two files (got ${args.files.length})\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (!args.histogram && (await import('../src/diagnostics/profile/analyze-jfr-command.js')).looksLikeRecording(args.files)) {
      const { analyzeJfrCommand } = await import('../src/diagnostics/profile/analyze-jfr-command.js');
      process.exitCode = await analyzeJfrCommand(args.files, { json: args.json, top: args.top, folded: args.folded, svg: args.svg, flame: args.flame }, process);
      return;
    }
    const { analyzeThreadDumpFiles, analyzeHistogramFiles, AnalyzeInputError } = await import('../src/diagnostics/analyze-files.js');
    try {
      const result = args.histogram ? await analyzeHistogramFiles(args.files, args.top) : await analyzeThreadDumpFiles(args.files, args.top);
      if ('skipped' in result) for (const note of result.skipped) process.stderr.write(`skipped ${note}\n`);
      process.stdout.write(args.json ? `${JSON.stringify(result.json, null, 2)}\n` : result.report);
      process.exitCode = EXIT_OK;
    } catch (error) {
      if (!(error instanceof AnalyzeInputError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  },
};

export default analyze;
