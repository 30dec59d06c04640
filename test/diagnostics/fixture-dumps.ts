/** The committed captures under fixtures/thread-dumps and fixtures/class-histograms (see fixtures/java/capture-fixtures.sh). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeThreadDumps, type ThreadDumpAnalysis } from '../../src/diagnostics/analyze-thread-dump.js';
import { parseThreadDumps } from '../../src/diagnostics/parse-thread-dump.js';
import type { JvmThread, ThreadDump } from '../../src/diagnostics/thread-dump-types.js';

export const JDKS = ['jdk17', 'jdk25'] as const;

export function fixturePath(path: string): string {
  return fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
}

export function dumpText(name: string): string {
  return readFileSync(fixturePath(`thread-dumps/${name}`), 'utf8');
}

/** The one dump of a fixture file (fails when the file holds another number). */
export function dumpOf(name: string): ThreadDump {
  const dumps = parseThreadDumps(dumpText(name));
  if (dumps.length !== 1) throw new Error(`${name}: expected one dump, found ${dumps.length}`);
  return dumps[0]!;
}

export function analyzeFixtures(...names: string[]): ThreadDumpAnalysis {
  return analyzeThreadDumps(names.flatMap((name) => parseThreadDumps(dumpText(name)).map((dump) => ({ source: name, dump }))));
}

export function threadNamed(dump: ThreadDump, name: string): JvmThread {
  const thread = dump.threads.find((t) => t.name === name);
  if (!thread) throw new Error(`no thread "${name}" in the dump`);
  return thread;
}

/** Every `<0x…>` address the raw text shows on lines of the given kind, in order. */
export function addressesIn(text: string, linePattern: RegExp): string[] {
  return text
    .split('\n')
    .filter((line) => linePattern.test(line))
    .map((line) => /<(0x[0-9a-f]+)>/.exec(line)?.[1] ?? '');
}
