import { createLocalCollector } from './local-collector.js';
import type { HostSnapshot } from '../model/host-snapshot.js';
import { downSnapshot } from '../model/host-snapshot.js';
import os from 'node:os';

/**
 * Two readings of this machine `intervalMs` apart, so that rates (CPU, disk, network) are
 * measured over a real interval; returns the second.
 */
export async function snapshotLocal(intervalMs: number): Promise<HostSnapshot> {
  const collector = await createLocalCollector();
  try {
    await collector.collect();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    return await collector.collect();
  } catch (error) {
    return downSnapshot(os.hostname(), `local collector: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    collector.close();
  }
}
