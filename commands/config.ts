import type { Argv, CommandModule } from 'yargs';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { withInitOptions, type InitFlags } from './shared-options.js';

// `perfmon config validate|init|schema`: the inventory file. The work lives in
// src/config/config-commands.ts, loaded only when a subcommand runs.

function exitWith(ok: boolean): void {
  process.exitCode = ok ? EXIT_OK : EXIT_FAILURE;
}

interface ValidateFlags {
  file?: string;
  config?: string;
  json?: boolean;
}

const validate: CommandModule<object, ValidateFlags> = {
  command: 'validate [file]',
  describe: 'Check an inventory; print every problem as file:line:column (exit 0 valid, 1 invalid)',
  builder: (yargs: Argv) =>
    yargs
      .positional('file', { type: 'string', describe: 'inventory to check (default: --config, else ~/.config/perfmon/perfmon.yaml)' })
      .option('config', { type: 'string', describe: 'inventory file (same as FILE)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (argv) => {
    const { runConfigValidate } = await import('../src/config/config-commands.js');
    exitWith(await runConfigValidate(argv, process.stdout));
  },
};

const init: CommandModule<object, InitFlags> = {
  command: 'init',
  describe: 'Write a commented example inventory to edit',
  builder: (yargs: Argv) =>
    withInitOptions(yargs, '~/.config/perfmon/perfmon.yaml'),
  handler: async (argv) => {
    const { runConfigInit } = await import('../src/config/config-commands.js');
    exitWith(await runConfigInit(argv, process.stdout));
  },
};

const schema: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of the inventory (for editors)',
  handler: async () => {
    const { runConfigSchema } = await import('../src/config/config-commands.js');
    exitWith(runConfigSchema(process.stdout));
  },
};

const config: CommandModule = {
  command: 'config',
  describe: 'Check, create or describe the inventory (perfmon.yaml)',
  builder: (yargs: Argv) =>
    yargs
      .command(validate)
      .command(init)
      .command(schema)
      .demandCommand(1, 'choose a subcommand: validate, init or schema'),
  handler: () => {},
};

export default config;
