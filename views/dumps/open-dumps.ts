/**
 * The Dumps side of a session (commands/monitor.ts): the DumpsDesk the pane captures with, on
 * the fleet's shared connections, audited in the session's log; it asks the session's JVM
 * watcher (which feeds the store: host detail and the Dumps pane read it) to watch a host's
 * JVMs once somebody looks at them. Captures go to `dumpsDir`, by default the `dumps` folder of
 * perfmon's state directory ($PERFMON_STATE_DIR, else $XDG_STATE_HOME/perfmon, else
 * ~/.local/state/perfmon): one place whatever folder perfmon was started from.
 */
import { join, resolve } from 'node:path';
import { auditLogHook } from '../../src/diagnostics/capture/capture-audit.js';
import type { Session } from '../../src/runtime/session.js';
import type { SshConnection } from '../../src/ssh/connection.js';
import { stateDir } from '../../src/procedures/state-dir.js';
import { fleetCaptureRunner, onDemandCaptureRunner } from './capture-runner.js';
import { DumpsDesk } from './dumps-desk.js';

export interface DumpsOptions {
  readOnly: boolean;
  configPath?: string | undefined;
  /** Attached to a recorder (no fleet here): a capture opens its own connection to the host. */
  connectionTo?: ((host: string) => Promise<SshConnection>) | undefined;
  /** Where captures are saved (default: the state directory's `dumps`). */
  dumpsDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export function defaultDumpsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'dumps');
}

/** The desk, owned by the session: it closes (captures stopped) before the JVM watcher and the connections. */
export function openDumps(session: Session, options: DumpsOptions): DumpsDesk {
  const { inventory, fleet, audit } = session;
  const runner = fleet ? fleetCaptureRunner(fleet) : options.connectionTo ? onDemandCaptureRunner(options.connectionTo) : null;
  if (!inventory || !runner || !audit) throw new Error('openDumps: the session has no fleet');
  const desk = new DumpsDesk({
    inventory,
    runner,
    audit: auditLogHook(audit),
    outDir: options.dumpsDir === undefined ? defaultDumpsDir(options.env) : resolve(options.dumpsDir),
    readOnly: options.readOnly,
    configPath: options.configPath,
    // The session's watcher of the moment (an attached TUI has none until it collects itself).
    wantJvms: (host) => session.jvms?.want(host),
  });
  void desk.load();
  session.own('dumps desk', () => desk.close());
  return desk;
}
