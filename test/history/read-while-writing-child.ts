// Child of history-concurrent-reader.test.ts: a reader in its own process. It queries the store
// over and over while the test writes it, checks every value against the formula the writer
// uses, and prints how many samples it sees until it has seen `expected` (or the test kills it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HistoryReader } from '../../src/history/history-reader.js';

const [dir = '', startArg = '0', expectedArg = '0'] = process.argv.slice(2);
const start = Number(startArg);
const expected = Number(expectedArg);
while (!existsSync(join(dir, 'data.mdb'))) await sleep(5);
const reader = await HistoryReader.open(dir);
process.stdout.write('open\n');
for (;;) {
  const [cpu] = reader.query({ name: 'cpu_usage', labels: { host: 'db1' } }, start, start + 3_600_000, 1000);
  const buckets = cpu?.buckets ?? [];
  const wrong = buckets.find((b) => b.count !== 1 || b.min !== ((b.t - start) / 1000) % 100);
  if (wrong) process.stdout.write(`wrong ${JSON.stringify(wrong)}\n`);
  process.stdout.write(`seen ${buckets.length}\n`);
  if (buckets.length >= expected) break;
  await sleep(2);
}
reader.close();
