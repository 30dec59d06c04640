import os from 'node:os';
import type { HostSnapshot } from '../model/host-snapshot.js';
import { SystemInformationCollector } from './systeminformation-collector.js';

export interface LocalCollector {
  readonly name: string;
  /** One reading. Rates cover the time since the previous call; the first call only primes them. */
  collect(): Promise<HostSnapshot>;
  close(): void;
}

/** The collector for this machine. */
export async function createLocalCollector(name = os.hostname()): Promise<LocalCollector> {
  const si = new SystemInformationCollector(name);
  return { name, collect: () => si.collect(), close: () => {} };
}
