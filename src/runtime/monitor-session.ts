/**
 * The TUI's session on an inventory: where its live readings come from.
 *
 * - A recorder (or another perfmon that records) serves this inventory's readings beside the
 *   history store (src/runtime/reading-relay.ts): the TUI attaches and opens no SSH connection
 *   to watch — five operators cost each host one collector. Actions (restarts, degradation,
 *   dumps) open their own connection to a host when one runs (`onDemand`), and close it when the
 *   TUI quits.
 * - Nobody serves it: the TUI collects itself (the session's fleet) and, while it runs, records
 *   into the store and serves its readings in turn — one writer at a time; when the store is
 *   another process's it only collects, and says why.
 * - The recorder goes away while attached: the TUI tries once more to attach (another perfmon
 *   may have taken over), else collects itself from then on, and says so.
 *
 * `source` tells which of these holds now (the header shows it).
 */
import type { Inventory } from '../config/inventory-schema.js';
import { mayWriteInThisProcess } from '../history/open-store.js';
import { Recorder, retentionOf } from '../history/recorder.js';
import { WriterLockHeldError } from '../history/store-errors.js';
import { AuditLog, currentIdentity } from '../procedures/audit-log.js';
import { SshHostAccess } from '../procedures/ssh-host-access.js';
import { SshConfigSource } from '../ssh/ssh-config.js';
import { openFleetParts } from './fleet-parts.js';
import { ReadingRelay } from './reading-relay.js';
import { alertRunner } from './record-command.js';
import { connectRelay, type RelayLink } from './relay-client.js';
import { collectionFingerprint } from './relay-protocol.js';
import { SourceWatch } from './readings-source.js';
import { Session, type SessionOptions } from './session.js';

export interface MonitorSessionOptions extends SessionOptions {
  inventory: Inventory;
  /** The history store the inventory's recorder writes (its relay listens beside it). */
  storeDir: string;
  /** Record into the store while collecting here (default true). */
  record?: boolean;
  /** Attach to a recorder serving this inventory (default true). */
  attach?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The pause before attaching again once the recorder has gone (default a random 0–2 s: spreads the TUIs out). */
  reattachDelayMs?: number;
  /** How soon a store another process writes is tried again (default 5 s). */
  recordRetryMs?: number;
}

export interface MonitorSession {
  session: Session;
  source: SourceWatch;
  /** Attached: the actions' own connections, opened when one runs. Null while collecting from the start. */
  onDemand: SshHostAccess | null;
}

const clock = (t: number) => new Date(t).toTimeString().slice(0, 8);

export async function openMonitorSession(options: MonitorSessionOptions): Promise<MonitorSession> {
  const { inventory, storeDir } = options;
  // Replay and the alerts badge read this store; the TUI may write it once it collects itself.
  if (options.record !== false) mayWriteInThisProcess(storeDir);
  const fingerprint = collectionFingerprint(inventory);
  const attempt = options.attach === false ? null : await connectRelay(storeDir, { ...(options.env ? { env: options.env } : {}) });
  const link = attempt?.link && attempt.link.hello.fingerprint === fingerprint ? attempt.link : null;
  if (attempt?.link && link === null) attempt.link.close();
  const session = new Session(options);
  const source = new SourceWatch({ kind: 'self', recording: false, note: null });
  if (link === null) {
    const mismatch = attempt?.link ? `recorder pid ${attempt.link.hello.pid} watches another inventory` : null;
    collectHere(session, options, source, mismatch);
    return { session, source, onDemand: null };
  }
  for (const host of inventory.hosts) if (!options.hosts || options.hosts.has(host.name)) session.store.addHost(host.name);
  const sshSource = new SshConfigSource(options.sshConfig ?? {});
  const onDemand = new SshHostAccess(inventory, { source: sshSource, ...(options.connect ? { connect: options.connect } : {}) });
  session.adopt({ hostName: inventory.hosts[0]?.name ?? '', audit: new AuditLog(inventory.audit.path, currentIdentity()), fleet: null, access: inventory.components.length > 0 ? onDemand : null, platform: null, jvms: null, health: null });
  session.own('on-demand connections', () => onDemand.close());
  attach(session, options, source, link, fingerprint);
  return { session, source, onDemand };
}

/** Fed by the relay; when it ends, attach again or collect here. */
function attach(session: Session, options: MonitorSessionOptions, source: SourceWatch, link: RelayLink, fingerprint: string): void {
  link.feed(session.store);
  source.set({ kind: 'recorder', pid: link.hello.pid });
  // A host that stays down grows its gap on every tick it misses, as the fleet's monitor does.
  const missed = setInterval(() => {
    for (const host of session.store.getState().hosts) session.store.markMissed(host.name);
  }, link.hello.intervalMs);
  missed.unref();
  let ended = false;
  session.own('recorder link', () => {
    ended = true;
    clearInterval(missed);
    link.close();
  });
  link.onEnd(() => {
    clearInterval(missed);
    if (ended || session.isClosing) return;
    ended = true;
    const note = `recorder ${link.hello.pid} gone ${clock(Date.now())}`;
    source.set({ kind: 'self', recording: false, note });
    void (async () => {
      // The TUIs of one recorder fall back at once: spread out, the first takes over and the others attach to it.
      await new Promise((r) => setTimeout(r, options.reattachDelayMs ?? Math.random() * 2000).unref());
      if (session.isClosing) return;
      const again = await connectRelay(options.storeDir, { ...(options.env ? { env: options.env } : {}) });
      if (session.isClosing) return again.link?.close();
      if (again.link && again.link.hello.fingerprint === fingerprint) return attach(session, options, source, again.link, fingerprint);
      again.link?.close();
      collectHere(session, options, source, note);
    })();
  });
}

/**
 * Opens the fleet in this session (kept: the audit log and the actions' access it already has),
 * then records into the store and serves the readings — once the store is free.
 */
function collectHere(session: Session, options: MonitorSessionOptions, source: SourceWatch, note: string | null): void {
  const { inventory } = options;
  const before = { audit: session.audit, access: session.access };
  const parts = openFleetParts(session, inventory, options);
  session.adopt({ ...parts, audit: before.audit ?? parts.audit, access: before.access ?? parts.access });
  source.set({ kind: 'self', recording: false, note });
  if (options.record === false) return;
  let timer: NodeJS.Timeout | null = null;
  session.own('recording retry', () => void (timer && clearTimeout(timer)));
  const attempt = async () => {
    timer = null;
    const outcome = await recordHere(session, options, source, note);
    // The store is another writer's (a recorder of another inventory, or one still stopping): try again later.
    if (outcome === 'held' && !session.isClosing) {
      timer = setTimeout(() => void attempt(), options.recordRetryMs ?? 5000);
      timer.unref();
    }
  };
  void attempt();
}

async function recordHere(session: Session, options: MonitorSessionOptions, source: SourceWatch, note: string | null): Promise<'recording' | 'held' | 'failed'> {
  const { inventory, storeDir } = options;
  const alerts = alertRunner(inventory, storeDir, () => undefined);
  const say = (recording: boolean, why: string | null, detail?: string) => source.set({ kind: 'self', recording, note: why ?? note, ...(detail === undefined ? {} : { detail }) });
  try {
    const recorder = await Recorder.start(
      async (listener) => {
        const off = session.onSample(listener);
        return { hosts: session.store.getState().hosts.map((h) => h.name), auditLog: session.audit?.path ?? null, stop: () => void off() };
      },
      {
        store: storeDir,
        // The screen is the UI's: only a store problem is worth saying, in the header.
        log: (line) => {
          if (line.startsWith('history: ')) say(false, 'not recording: store problem', line.slice('history: '.length));
        },
        judge: (snapshot, t) => alerts.runner.reading(snapshot, t).history,
        downEveryMs: options.intervalMs,
        retention: retentionOf(inventory.history),
      },
    );
    if (session.isClosing) {
      await recorder.stop();
      alerts.stop();
      return 'failed';
    }
    session.own('recorder', async () => {
      await recorder.stop();
      alerts.stop();
    });
    if (recorder.recording) say(true, null);
    const relay = await ReadingRelay.serve(storeDir, { ...(options.env ? { env: options.env } : {}) });
    if (relay && !session.isClosing) {
      relay.attach({ store: session.store, fingerprint: collectionFingerprint(inventory), hosts: session.store.getState().hosts.map((h) => h.name), intervalMs: options.intervalMs });
      session.own('live readings relay', () => relay.close('the perfmon that collected quits'));
    } else void relay?.close();
    return 'recording';
  } catch (error) {
    alerts.stop();
    if (error instanceof WriterLockHeldError) {
      say(false, `${note === null ? '' : `${note} · `}store held by pid ${error.holder}`);
      return 'held';
    }
    say(false, 'not recording: store problem', (error as Error).message);
    return 'failed';
  }
}
