import { sshTransport, type Transport } from '../collect/app-metrics/transport.js';
import type { FleetMonitor } from './fleet-monitor.js';

/**
 * A host's transport on the fleet's shared connection: every call uses the connection live at
 * that moment (the collectors of queues, app metrics and databases, and procedures, ride on the
 * connection the host is watched through), and fails plainly while the host is down.
 */
export function fleetTransport(fleet: Pick<FleetMonitor, 'connection'>, host: string): Transport {
  const live = (): Transport => {
    const connection = fleet.connection(host);
    if (!connection) throw new Error(`${host} is down (no SSH connection)`);
    return sshTransport(connection);
  };
  return {
    host,
    httpGet: async (target, options) => live().httpGet(target, options),
    exec: async (command, options) => live().exec(command, options),
  };
}
