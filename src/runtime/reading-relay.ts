/**
 * Serves a collecting process's live readings to the TUIs on this machine (see
 * relay-protocol.ts): the one that holds the history store's writer lock — `perfmon record`, or a
 * TUI recording while it runs — listens; each client gets the hello, the store's state as it is
 * now, then every reading as it lands. Five operators cost each host one collector.
 *
 * A client that cannot keep up (its socket's buffer past `maxBufferBytes`) is dropped, never
 * waited for: the collection does not slow down for a stuck terminal. It reconnects.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { MetricStore, StoreSample } from '../model/store.js';
import { encodeMessage, relaySocketPath, RELAY_VERSION, type RelayHost, type RelayMessage } from './relay-protocol.js';

export interface RelayCollection {
  store: MetricStore;
  fingerprint: string;
  hosts: readonly string[];
  intervalMs: number;
}

export interface RelayOptions {
  log?: (line: string) => void;
  /** Default 16 MiB: past it a client is dropped. */
  maxBufferBytes?: number;
  env?: NodeJS.ProcessEnv;
}

/** Whether something answers on the socket (a live server), or it is a stale file. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // bind() happens within listen(): the socket is born 0600, not chmod'ed after a window.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
}

export class ReadingRelay {
  private readonly clients = new Set<Socket>();
  private collection: RelayCollection | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly path: string,
    private readonly options: RelayOptions,
  ) {
    server.on('connection', (socket) => this.welcome(socket));
  }

  /**
   * Listens beside the store `storeDir`; null when another process already serves it (said
   * through `log`). A socket file left by a killed server is replaced.
   */
  static async serve(storeDir: string, options: RelayOptions = {}): Promise<ReadingRelay | null> {
    const path = relaySocketPath(storeDir, options.env);
    let exists = false;
    try {
      exists = true;
      if (!lstatSync(path).isSocket()) {
        options.log?.(`live readings: ${path} exists and is not a socket; not serving live readings (remove it)`);
        return null;
      }
    } catch {
      exists = false; // no file: nothing stale to remove
    }
    if (exists) {
      if (await answers(path)) {
        options.log?.(`live readings: ${path} is served by another process; not serving them from here`);
        return null;
      }
      try {
        unlinkSync(path); // left by a server that was killed
      } catch {
        // removed meanwhile
      }
    }
    const server = createServer();
    try {
      await listen(server, path);
      chmodSync(path, 0o600);
    } catch (error) {
      server.close();
      options.log?.(`live readings: cannot listen on ${path}: ${(error as Error).message}; other perfmons will collect themselves`);
      return null;
    }
    server.unref();
    return new ReadingRelay(server, path, options);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * What is served from now on: a new collection (an inventory reloaded) says goodbye to the
   * clients of the previous one, which reconnect and see whether it is still theirs.
   */
  attach(collection: RelayCollection): void {
    this.unsubscribe?.();
    if (this.collection !== null) this.dropAll('the collection changed (inventory reloaded)');
    this.collection = collection;
    this.unsubscribe = collection.store.onSample((sample) => this.broadcast(sample));
  }

  close(reason = 'the collecting process stops'): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.unsubscribe?.();
    this.dropAll(reason);
    return new Promise((resolve) =>
      this.server.close(() => {
        try {
          unlinkSync(this.path);
        } catch {
          // already removed
        }
        resolve();
      }),
    );
  }

  private welcome(socket: Socket): void {
    const collection = this.collection;
    if (this.closed || collection === null) return void socket.destroy();
    socket.on('error', () => this.clients.delete(socket));
    socket.on('close', () => this.clients.delete(socket));
    // Clients only listen; anything they send is ignored.
    socket.on('data', () => undefined);
    const state = collection.store.getState();
    const hosts: RelayHost[] = state.hosts.map((h) => ({ name: h.name, status: h.status, error: h.error, snapshot: h.snapshot, lastSeen: h.lastSeen, downSince: h.downSince ?? null, retryAt: h.retryAt ?? null }));
    socket.write(encodeMessage({ t: 'hello', v: RELAY_VERSION, pid: process.pid, fingerprint: collection.fingerprint, hosts: [...collection.hosts], intervalMs: collection.intervalMs }));
    socket.write(encodeMessage({ t: 'state', hosts, platform: state.platform }));
    this.clients.add(socket);
  }

  private broadcast(sample: StoreSample): void {
    if (this.clients.size === 0) return;
    const retryAt = sample.kind === 'host-down' ? (this.collection?.store.find(sample.host)?.retryAt ?? null) : null;
    this.send({ t: 'sample', s: sample, retryAt });
  }

  private send(message: RelayMessage): void {
    const line = encodeMessage(message);
    const limit = this.options.maxBufferBytes ?? 16 * 1024 * 1024;
    for (const socket of this.clients) {
      if (socket.writableLength > limit) {
        this.options.log?.('live readings: a perfmon attached here is not keeping up; dropped (it reconnects)');
        this.clients.delete(socket);
        socket.destroy();
        continue;
      }
      socket.write(line);
    }
  }

  private dropAll(reason: string): void {
    const bye = encodeMessage({ t: 'bye', reason });
    for (const socket of this.clients) socket.end(bye);
    this.clients.clear();
  }
}
