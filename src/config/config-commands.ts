/**
 * What `perfmon config validate|init|schema` do, apart from yargs: each takes its arguments and
 * an output sink, and returns whether it succeeded (the command turns that into an exit code).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exampleInventory } from './example-inventory.js';
import type { Inventory } from './inventory-schema.js';
import { findSchemaFile, renderJsonSchema } from './json-schema.js';
import { defaultConfigPath, loadInventory } from './load-inventory.js';
import { formatProblem } from './problems.js';

export interface Output {
  write(text: string): unknown;
}

export interface Environment {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `6 hosts, 3 groups, 5 components, 1 profile; environment staging` */
export function summariseInventory(inventory: Inventory): string {
  const counts = [
    plural(inventory.hosts.length, 'host'),
    plural(Object.keys(inventory.groups).length, 'group'),
    plural(inventory.components.length, 'component'),
    plural(Object.keys(inventory.profiles).length, 'profile'),
  ].join(', ');
  const notes = [
    inventory.environment === undefined ? undefined : `environment ${inventory.environment}`,
    inventory.readOnly ? 'read-only' : undefined,
  ].filter((note) => note !== undefined);
  return notes.length === 0 ? counts : `${counts}; ${notes.join(', ')}`;
}

export interface ValidateArgs {
  file?: string | undefined;
  config?: string | undefined;
  json?: boolean | undefined;
}

/** Prints a one-line summary (valid) or every problem, one per line (invalid). */
export async function runConfigValidate(args: ValidateArgs, out: Output, environment: Environment = {}): Promise<boolean> {
  const result = await loadInventory({ configPath: args.file ?? args.config, ...environment });
  if (args.json) {
    const report =
      result.status === 'loaded'
        ? { path: result.path, valid: true, problems: [], summary: summariseInventory(result.inventory) }
        : result.status === 'invalid'
          ? { path: result.path, valid: false, problems: result.problems }
          : { path: result.path, valid: false, problems: [{ file: result.path, path: '', message: 'no inventory file' }] };
    out.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.valid;
  }
  if (result.status === 'absent') {
    out.write(`no inventory at ${result.path} (perfmon watches this machine); create one with: perfmon config init\n`);
    return false;
  }
  if (result.status === 'invalid') {
    out.write(result.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
    out.write(`${result.path}: invalid, ${plural(result.problems.length, 'problem')}\n`);
    return false;
  }
  out.write(`${result.path}: valid: ${summariseInventory(result.inventory)}\n`);
  return true;
}

export interface InitArgs {
  /** Where to write; `-` for stdout; default: the default inventory path. */
  out?: string | undefined;
  force?: boolean | undefined;
}

/** Writes the commented example inventory; refuses to overwrite a file unless forced. */
export async function runConfigInit(args: InitArgs, out: Output, environment: Environment = {}): Promise<boolean> {
  const schemaFile = findSchemaFile();
  const text = exampleInventory(schemaFile === undefined ? undefined : pathToFileURL(schemaFile).href);
  if (args.out === '-') {
    out.write(text);
    return true;
  }
  const path = args.out ?? defaultConfigPath(environment.env, environment.home);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? `${dirname(path)} is not a directory` : (error as Error).message;
    out.write(`cannot write ${path}: ${reason}\n`);
    return false;
  }
  try {
    // 'wx' fails if the file exists, even if it appeared a moment ago.
    await writeFile(path, text, { flag: args.force ? 'w' : 'wx' });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code === 'EEXIST') out.write(`${path} already exists; not overwritten (use --force to replace it)\n`);
    else out.write(`cannot write ${path}: ${failure.message}\n`);
    return false;
  }
  out.write(`wrote ${path}\nedit it, then check it with: perfmon config validate ${path}\n`);
  return true;
}

/** Prints the JSON Schema of the inventory (the content of schema/perfmon.schema.json). */
export function runConfigSchema(out: Output): boolean {
  out.write(renderJsonSchema());
  return true;
}
