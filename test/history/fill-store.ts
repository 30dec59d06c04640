/**
 * A history store filled with real readings (the local capture), as a recorder would have
 * written them: hosts at 1 s, one of them going down for a stretch. For the replay tests and
 * for trying replay by hand:
 *   npx esbuild test/history/fill-store.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/fill-store.mjs && node node_modules/.cache/fill-store.mjs DIR [minutes-ago] [minutes] [host,host…]
 */
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { HistoryWriter } from '../../src/history/history-writer.js';
import { hostSnapshotSamples } from '../../src/history/host-snapshot-samples.js';
import { downSnapshot, type HostSnapshot } from '../../src/model/host-snapshot.js';

export interface FillOptions {
  hosts: readonly string[];
  /** ms since 1970 of the first instant. */
  start: number;
  seconds: number;
  /** A host that is down over [from, to) seconds from the start, with this reason. */
  outage?: { host: string; from: number; to: number; reason: string };
  topProcesses?: number;
}

/** The capture's reading `second` as host `name` at start + second, each host a few readings apart in the capture. */
let capture: HostSnapshot[] | undefined;

export function filledReading(options: FillOptions, name: string, second: number): HostSnapshot {
  const real = (capture ??= readSnapshots());
  const shift = options.hosts.indexOf(name) * 37;
  const t = new Date(options.start + second * 1000);
  const { outage } = options;
  if (outage && outage.host === name && second >= outage.from && second < outage.to) return downSnapshot(name, outage.reason, t);
  return { ...real[(second + shift) % real.length]!, name, time: t.toISOString() };
}

export async function fillStore(dir: string, options: FillOptions): Promise<void> {
  const writer = await HistoryWriter.open(dir, { onProblem: (m) => process.stderr.write(`${m}\n`) });
  try {
    for (let s = 0; s < options.seconds; s++) {
      for (const name of options.hosts) {
        const reading = filledReading(options, name, s);
        writer.append(name, Date.parse(reading.time), hostSnapshotSamples(reading, { topProcesses: options.topProcesses ?? 10 }));
      }
    }
  } finally {
    writer.close();
  }
}

if (process.argv[1]?.endsWith('fill-store.mjs')) {
  const [dir, ago = '60', minutes = '30', names = 'db1,web1,web2,mq1'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: fill-store DIR [minutes-ago] [minutes] [host,host…]');
  const start = Date.now() - Number(ago) * 60_000;
  const hosts = names.split(',');
  const down = hosts[Math.min(2, hosts.length - 1)]!;
  await fillStore(dir, { hosts, start, seconds: Number(minutes) * 60, outage: { host: down, from: 300, to: 600, reason: 'ssh: connect ECONNREFUSED (lab host stopped)' } });
  process.stdout.write(`filled ${dir}: ${hosts.join(', ')} from ${new Date(start).toISOString()} for ${minutes} min (${down} down 5–10 min in)\n`);
}
