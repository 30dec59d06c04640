/**
 * perfmon's fleet against the fleet simulator (test/lab/fleet-simulator.ts): real SSH
 * connections to ssh2 servers that speak the collector's protocol, with hosts that refuse,
 * answer late, drop the connection, send garbage or hang. The healthy hosts must read on,
 * every one at its own values, while the others are reported with the right reason; and a
 * tenth of the fleet vanishing at once does not stall the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventoryOrThrow } from '../../src/config/load-inventory.js';
import { openSession, type Session } from '../../src/runtime/session.js';
import { startSimulatedFleet, type SimulatedFleet } from '../lab/fleet-simulator.js';

const INTERVAL_MS = 500;
const FAULTS = { refuse: 2, slow: 2, drop: 2, garbage: 2, hang: 2 } as const;

async function until<T>(what: string, ms: number, probe: () => T | undefined | false): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the fleet on simulated hosts (ssh2 servers speaking the collector protocol)', () => {
  let fleet: SimulatedFleet;
  let session: Session;
  const samples = new Map<string, number>();
  const reasons = new Map<string, Set<string>>();

  beforeAll(async () => {
    fleet = await startSimulatedFleet({ hosts: 40, faults: FAULTS, intervalMs: INTERVAL_MS });
    const inventory = await loadInventoryOrThrow({ configPath: fleet.inventoryFile, home: fleet.home, env: fleet.env });
    session = await openSession({ inventory, intervalMs: INTERVAL_MS, platform: false, sshConfig: { home: fleet.home }, connect: { env: fleet.env } });
    session.onSample((s) => {
      if (s.kind === 'host') samples.set(s.host, (samples.get(s.host) ?? 0) + 1);
      if (s.kind === 'host-down') (reasons.get(s.host) ?? reasons.set(s.host, new Set()).get(s.host)!).add(s.reason);
    });
  });
  afterAll(async () => {
    await session?.close();
    await fleet?.stop();
  });

  const healthy = () => fleet.hosts.filter((h) => h.fault === null).map((h) => h.name);
  const withFault = (fault: string) => fleet.hosts.filter((h) => h.fault === fault).map((h) => h.name);

  it('reads every healthy host, each at its own values, and names what is wrong with the others', async () => {
    await until('every healthy host read 4 times', 30_000, () => healthy().every((h) => (samples.get(h) ?? 0) >= 4));
    const state = session.store.getState();
    const cpu = healthy().map((h) => state.hosts.find((x) => x.name === h)?.snapshot?.cpu.usage ?? -1);
    expect(cpu.every((v) => v >= 0 && v <= 100)).toBe(true);
    expect(new Set(cpu.map((v) => v.toFixed(1))).size).toBeGreaterThan(10); // hosts differ
    for (const h of withFault('refuse')) expect([...(reasons.get(h) ?? [])].join(' ')).toMatch(/refused/);
    const seen = (hosts: string[]) => JSON.stringify(hosts.map((h) => [h, samples.get(h) ?? 0, [...(reasons.get(h) ?? [])]]));
    await until(`the hung and slow hosts called stale (${seen([...withFault('hang'), ...withFault('slow')])})`, 20_000, () =>
      [...withFault('hang'), ...withFault('slow')].every((h) => [...(reasons.get(h) ?? [])].some((r) => /no answer from the collector/.test(r))),
    );
    await until('the garbage hosts reported', 20_000, () => withFault('garbage').every((h) => [...(reasons.get(h) ?? [])].some((r) => /collector error/.test(r))));
    // dropped connections are reconnected: more connections than hosts, and the droppers read again
    await until('the dropping hosts reconnected and read again', 30_000, () => fleet.stats().connections > 40 && withFault('drop').every((h) => (samples.get(h) ?? 0) > 16));
  });

  it('goes on reading the rest when a tenth of the fleet vanishes at once', async () => {
    const victims = healthy().slice(0, 4);
    const before = new Map(healthy().map((h) => [h, samples.get(h) ?? 0]));
    await Promise.all(victims.map((h) => fleet.setFault(h, 'refuse')));
    await until('the vanished hosts down', 20_000, () => victims.every((h) => session.store.find(h)?.status === 'down'));
    const survivors = healthy().filter((h) => !victims.includes(h));
    await until('every other healthy host read on', 20_000, () => survivors.every((h) => (samples.get(h) ?? 0) >= (before.get(h) ?? 0) + 4));
    expect(session.down().map((d) => d.host)).toEqual(expect.arrayContaining(victims));
  });
});
