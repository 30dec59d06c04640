import type { Argv, CommandModule } from 'yargs';
import { runProcedure } from './restart.js';
import { withInitOptions, type InitFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

// `perfmon load SCENARIO.yaml` runs a load test; `perfmon load init` writes an example scenario.
// The work lives in src/load/, loaded only when a command runs.

const init: CommandModule<object, InitFlags> = {
  command: 'init',
  describe: 'Write a commented example load scenario to edit',
  builder: (yargs: Argv) =>
    withInitOptions(yargs, './load-scenario.yaml') as never,
  handler: async (argv) => {
    const { runLoadInit } = await import('../src/load/load-init.js');
    process.exitCode = (await runLoadInit(argv, process.stdout)) ? EXIT_OK : EXIT_FAILURE;
  },
};

interface ReportFlags {
  run?: string;
  baseline?: string;
  json: boolean;
}

const report: CommandModule<object, ReportFlags> = {
  command: 'report [run]',
  describe: 'Show a stored load run, compared with --baseline RUN (exit 1 on a regression); without RUN, list the runs',
  builder: (yargs: Argv) =>
    yargs
      .positional('run', { type: 'string', describe: 'Run id as printed after the run (or its .json file)' })
      .option('baseline', { type: 'string', describe: 'Run to compare with: regressions are flagged with their p-value' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the run (and the comparison) as JSON' }) as never,
  handler: (args) =>
    runProcedure(async () => (await import('../src/load/load-report.js')).runLoadReport, { run: args.run, baseline: args.baseline, json: args.json }),
};

interface LoadFlags {
  scenario?: string;
  json: boolean;
  yes: boolean;
  'read-only': boolean;
  config?: string;
}

const load: CommandModule<object, LoadFlags> = {
  command: 'load [scenario]',
  describe: 'Run a load test from a scenario file: progress per second, summary, thresholds decide the exit code',
  builder: (yargs: Argv) =>
    yargs
      .command(init)
      .command(report)
      .positional('scenario', { type: 'string', describe: 'Scenario file (YAML); perfmon load init writes an example' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON line per second and the summary as JSON' })
      .option('config', { alias: 'c', type: 'string', describe: 'Inventory file (default $XDG_CONFIG_HOME/perfmon/perfmon.yaml, when it exists)' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask for the typed environment name (needed without a terminal)' })
      .option('read-only', { type: 'boolean', default: false, describe: 'Refuse every action, load tests included' }) as never,
  handler: (args) => {
    if (args.scenario === undefined) {
      process.stderr.write("perfmon: give a scenario file: perfmon load SCENARIO.yaml (perfmon load init writes an example)\n");
      process.exitCode = EXIT_USAGE;
      return;
    }
    const scenario = args.scenario;
    return runProcedure(async () => (await import('../src/load/load-command.js')).runLoadCommand, {
      scenario,
      json: args.json,
      yes: args.yes,
      readOnly: args['read-only'],
      config: args.config,
    });
  },
};

export default load;
