import type { Inventory } from '../config/inventory-schema.js';
import { downSnapshot, type HostSnapshot } from '../model/host-snapshot.js';
import { snapshotFromSample } from '../collect/sample-snapshot.js';
import { connect, SshError, type ConnectOptions } from '../ssh/connection.js';
import { HandshakeGate } from '../ssh/gate.js';
import { resolveFleetHosts, type FleetHost } from './fleet-host.js';
import { openCollector } from './open-collector.js';

/**
 * One reading of every host, for `perfmon snapshot`: connect, start the collector, take two
 * samples `intervalMs` apart (so rates are real) and keep the second. A host that fails is
 * reported down with the reason; the others are not held up by it.
 */
export async function snapshotFleet(inventory: Inventory, options: { intervalMs: number; acceptNew: boolean; connect?: ConnectOptions }): Promise<HostSnapshot[]> {
  const gate = new HandshakeGate({ perFirstHop: inventory.ssh.maxStartups, global: Math.max(32, inventory.ssh.maxStartups) });
  const connectOptions: ConnectOptions = { acceptNew: options.acceptNew || inventory.ssh.acceptNew, handshakeGate: gate, ...options.connect };
  return Promise.all(resolveFleetHosts(inventory).map((host) => snapshotHost(host, options.intervalMs, connectOptions)));
}

async function snapshotHost(host: FleetHost, intervalMs: number, connectOptions: ConnectOptions): Promise<HostSnapshot> {
  if (!host.ssh) return downSnapshot(host.name, host.configError ?? 'no ssh configuration');
  let connection;
  try {
    connection = await connect(host.ssh, connectOptions);
    const session = await openCollector(connection, { label: host.name, helloTimeoutMs: 15_000, processEvery: 1, filesystemEvery: 1 });
    await session.sample();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const sample = await session.sample();
    if (!sample) throw new Error('the collector did not answer');
    void session.close();
    return snapshotFromSample(host.name, sample);
  } catch (error) {
    const reason = error instanceof SshError ? `${error.kind}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return downSnapshot(host.name, reason);
  } finally {
    connection?.close();
  }
}
