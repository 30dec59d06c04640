/** `perfmon load init [--out FILE]`: writes the commented example scenario, never over a file unless forced. */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { exampleScenario } from './example-scenario.js';
import { findScenarioSchemaFile } from './scenario-json-schema.js';

export const DEFAULT_SCENARIO_FILE = 'load-scenario.yaml';

export async function runLoadInit(args: { out?: string | undefined; force?: boolean | undefined }, out: NodeJS.WritableStream): Promise<boolean> {
  const schemaFile = findScenarioSchemaFile();
  const text = exampleScenario(schemaFile === undefined ? undefined : pathToFileURL(schemaFile).href);
  if (args.out === '-') {
    out.write(text);
    return true;
  }
  const path = args.out ?? DEFAULT_SCENARIO_FILE;
  try {
    // 'wx' fails if the file exists, even if it appeared a moment ago.
    await writeFile(path, text, { flag: args.force ? 'w' : 'wx' });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    out.write(failure.code === 'EEXIST' ? `${path} already exists; not overwritten (use --force to replace it)\n` : `cannot write ${path}: ${failure.message}\n`);
    return false;
  }
  out.write(`wrote ${path}\nedit it (target, stages, requests, thresholds), then run it with: perfmon load ${path}\n`);
  return true;
}
