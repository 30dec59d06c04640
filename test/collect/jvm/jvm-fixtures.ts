/** The committed JVM captures under fixtures/jvm-metrics (see fixtures/jvm-metrics/capture.sh). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JstatStream, type CounterValue } from '../../../src/collect/jvm/jstat-stream.js';

export function jvmFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/jvm-metrics/${name}`, import.meta.url)), 'utf8');
}

/** The readings of a jstat capture, in order (every line through one JstatStream). */
export function jstatSamples(name: string): Array<Map<string, CounterValue>> {
  const stream = new JstatStream();
  const samples: Array<Map<string, CounterValue>> = [];
  for (const line of jvmFixture(name).split('\n')) {
    const read = stream.push(line);
    if (read.kind === 'sample') samples.push(read.counters);
  }
  return samples;
}

/** An error capture: its exit status (first line) and what the tool printed. */
export function errorFixture(name: string): { exitCode: number; output: string } {
  const [status, ...rest] = jvmFixture(`errors/${name}.txt`).split('\n');
  return { exitCode: Number(status!.replace('exit ', '')), output: rest.join('\n') };
}
