import os from 'node:os';
import type { HostSnapshot } from '../model/host-snapshot.js';
import { spawnLocalCollector } from './remote/local-collector.js';
import { snapshotFromSample } from './sample-snapshot.js';
import { SystemInformationCollector } from './systeminformation-collector.js';

export interface LocalCollector {
  readonly name: string;
  /** Which collector reads this machine. */
  readonly kind: 'proc' | 'systeminformation';
  /** One reading. Rates cover the time since the previous call; the first call only primes them. */
  collect(): Promise<HostSnapshot>;
  close(): void;
}

/**
 * The collector for this machine. On Linux it is the agentless /proc collector that remote
 * hosts run, started with the local `sh`: one long-lived process, nothing forked per sample,
 * iowait and per-device disk figures included. Elsewhere (or with
 * PERFMON_LOCAL_COLLECTOR=systeminformation) systeminformation, which forks `ps`/`ss` per
 * sample and cannot see iowait or per-disk I/O.
 */
export async function createLocalCollector(name = os.hostname(), env: NodeJS.ProcessEnv = process.env): Promise<LocalCollector> {
  if (process.platform === 'linux' && env['PERFMON_LOCAL_COLLECTOR'] !== 'systeminformation') {
    // This machine's own pipe costs nothing: a longer process list (refreshed every 5 samples,
    // like a remote host's: walking /proc/[pid] is most of the collector's cost).
    const local = await spawnLocalCollector({ label: name, topProcesses: 40 });
    return {
      name,
      kind: 'proc',
      collect: async () => {
        const sample = await local.session.sample();
        if (!sample) throw new Error('the previous sample is still being read');
        return snapshotFromSample(name, sample);
      },
      close: () => void local.close(),
    };
  }
  const si = new SystemInformationCollector(name);
  return { name, kind: 'systeminformation', collect: () => si.collect(), close: () => {} };
}
