// Child of history-kill.test.ts: writes one host's readings as fast as it can from argv's
// start time, flushing every 50 instants and saying so, until it is killed.
import { HistoryWriter } from '../../src/history/history-writer.js';

const [dir = '', startArg = '0'] = process.argv.slice(2);
const writer = await HistoryWriter.open(dir, { flushIntervalMs: 60_000 });
const start = Number(startArg);
for (let s = 0; s < 1200; s++) {
  const t = start + s * 1000;
  writer.append('db1', t, [
    { key: { name: 'cpu_usage', labels: { host: 'db1' } }, v: s % 100 },
    { key: { name: 'load1', labels: { host: 'db1' } }, v: (s % 7) / 10 },
  ]);
  if (s % 50 === 49) {
    writer.flush();
    process.stdout.write(`flushed ${t}\n`);
  }
}
writer.close();
process.stdout.write('done\n');
