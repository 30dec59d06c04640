import { describe, expect, it } from 'vitest';
import { readSnapshots } from '../../fixtures/history/read-fixture.js';
import { hostSignals } from '../../src/alerts/host-signals.js';
import { storedSignals } from '../../src/alerts/stored-signals.js';
import { hostSnapshotSamples } from '../../src/history/host-snapshot-samples.js';
import { seriesId } from '../../src/model/series-key.js';

const byId = (values: { key: Parameters<typeof seriesId>[0]; v: number }[]) => new Map(values.map(({ key, v }) => [seriesId(key), v]));

describe('storedSignals', () => {
  it('rebuilds from the stored series of every captured reading exactly the signals the live reading gives', () => {
    const snapshots = readSnapshots();
    expect(snapshots.length).toBeGreaterThan(100);
    for (const s of snapshots) {
      const live = byId(hostSignals(s));
      expect(live.size).toBeGreaterThan(5);
      expect(byId(storedSignals(s.name, hostSnapshotSamples(s, { topProcesses: 10 })))).toEqual(live);
    }
  });

  it('gives only host_up for a host that is down', () => {
    const [s] = readSnapshots();
    const down = { ...s!, status: 'down' as const };
    expect(storedSignals(s!.name, hostSnapshotSamples(down))).toEqual([{ key: { name: 'host_up', labels: { host: s!.name } }, v: 0 }]);
  });
});
