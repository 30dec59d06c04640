/**
 * What `perfmon record` collects: the headless session (src/runtime/session.ts) — the
 * inventory's fleet exactly as the TUI watches it (one connection and collector per host, the
 * platform, JVM and health watchers over those connections), or this machine when there is no
 * inventory. Each reading the session tells (`onSample`) goes to the recorder as it lands.
 */
import type { Inventory } from '../config/inventory-schema.js';
import type { OpenReadingSource } from '../history/recorder.js';
import { openSession, type Session } from './session.js';

export interface SessionReadingOptions {
  intervalMs: number;
  acceptNew?: boolean;
}

/**
 * A session on `inventory` (null: this machine); a reload closes it and opens the next.
 * `opened` is told each session as it opens (the relay serves its store's readings).
 */
export function sessionReadings(inventory: Inventory | null, options: SessionReadingOptions, opened?: (session: Session) => void): OpenReadingSource {
  return async (listener, previous) => {
    await previous?.stop();
    const session = await openSession({ inventory, intervalMs: options.intervalMs, acceptNew: options.acceptNew ?? false });
    session.onSample(listener);
    opened?.(session);
    // History wants every host's JVMs (the UI watches those of the hosts someone looks at).
    session.jvms?.want();
    return {
      hosts: session.store.getState().hosts.map((h) => h.name),
      auditLog: session.audit?.path ?? null,
      stop: async () => void (await session.close()),
    };
  };
}
