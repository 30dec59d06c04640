import type { HostSnapshot } from '../model/host-snapshot.js';
import type { CollectorSample } from './remote/collector-session.js';

/** A collector sample as the snapshot contract has it; the collector's warnings become `error`. */
export function snapshotFromSample(name: string, sample: CollectorSample, time = new Date()): HostSnapshot {
  return {
    name,
    status: 'up',
    error: sample.warnings.length > 0 ? sample.warnings.join('; ') : null,
    time: time.toISOString(),
    ...sample.fields,
  };
}
