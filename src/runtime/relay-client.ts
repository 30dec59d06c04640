/**
 * Attaching to a relay (relay-protocol.ts): connects to the socket beside a history store,
 * reads the hello, then feeds every message into a live store exactly as a collector would —
 * the panes cannot tell readings relayed from readings collected here.
 */
import { lstatSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import type { MetricStore } from '../model/store.js';
import type { PlatformReadingKey } from '../model/store.js';
import { decodeMessage, lineReader, relaySocketPath, RELAY_VERSION, type RelayMessage } from './relay-protocol.js';

export type RelayHello = Extract<RelayMessage, { t: 'hello' }>;

export interface RelayLink {
  readonly hello: RelayHello;
  /** Feeds the store from now on (the state first, then each reading). */
  feed(store: MetricStore): void;
  /** Told once when the link ends: the server said why (`bye`), or the connection dropped. Not told after close(). */
  onEnd(listener: (why: string) => void): void;
  close(): void;
}

/** Why there is no relay to attach to (no file, someone else's, nobody answering), or the link. */
export type RelayAttempt = { link: RelayLink } | { link: null; why: string };

export function connectRelay(storeDir: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RelayAttempt> {
  const path = relaySocketPath(storeDir, options.env);
  try {
    const stat = lstatSync(path);
    if (!stat.isSocket()) return Promise.resolve({ link: null, why: `${path} is not a socket` });
    const me = process.getuid?.();
    if (me !== undefined && stat.uid !== me) return Promise.resolve({ link: null, why: `${path} belongs to another user (uid ${stat.uid}): not attached` });
  } catch {
    return Promise.resolve({ link: null, why: 'no recorder serves live readings' });
  }
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const pending: RelayMessage[] = [];
    let hello: RelayHello | null = null;
    let deliver: ((message: RelayMessage) => void) | null = null;
    let ended: ((why: string) => void) | null = null;
    let endReason: string | null = null;
    let closedByUs = false;
    const timer = setTimeout(() => fail(`${path}: no hello within ${options.timeoutMs ?? 2000} ms`), options.timeoutMs ?? 2000);
    const fail = (why: string) => {
      clearTimeout(timer);
      socket.destroy();
      if (hello === null) resolve({ link: null, why });
    };
    const end = (why: string) => {
      if (endReason !== null) return;
      endReason = why;
      socket.destroy();
      if (!closedByUs) ended?.(why);
    };
    const onLine = (line: string): boolean => {
      const message = decodeMessage(line);
      if (message === null) {
        if (hello === null) fail(`${path}: not a perfmon relay`);
        else end('the recorder sent something unreadable');
        return false;
      }
      if (hello === null) {
        if (message.t !== 'hello' || message.v !== RELAY_VERSION) {
          fail(`${path}: speaks another version of the relay (${message.t === 'hello' ? `v${message.v}` : message.t}); not attached`);
          return false;
        }
        hello = message;
        clearTimeout(timer);
        resolve({ link });
        return true;
      }
      if (message.t === 'bye') {
        end(message.reason);
        return false;
      }
      if (deliver) deliver(message);
      else pending.push(message);
      return true;
    };
    socket.on('data', lineReader(onLine, () => end('a message longer than any reading')));
    socket.on('error', (error) => (hello === null ? fail(`${path}: ${error.message}`) : end(error.message)));
    socket.on('close', () => (hello === null ? fail(`${path}: closed before its hello`) : end('the recorder went away')));
    const link: RelayLink = {
      get hello() {
        return hello!;
      },
      feed(store) {
        deliver = (message) => apply(store, message);
        for (const message of pending.splice(0)) deliver(message);
      },
      onEnd(listener) {
        ended = listener;
        if (endReason !== null && !closedByUs) listener(endReason);
      },
      close() {
        closedByUs = true;
        socket.destroy();
      },
    };
    keepRef(socket);
  });
}

/** The link keeps the process alive no more than a collector's connection would. */
function keepRef(socket: Socket): void {
  socket.unref();
}

function apply(store: MetricStore, message: RelayMessage): void {
  if (message.t === 'state') {
    for (const host of message.hosts) {
      store.addHost(host.name);
      if (host.snapshot) store.record(host.snapshot);
      if (host.status === 'down') store.markDown(host.name, host.error ?? 'down', host.retryAt, host.downSince ?? Date.now());
    }
    for (const [key, value] of Object.entries(message.platform)) store.setPlatform(key as PlatformReadingKey | 'watching', value as never);
    return;
  }
  if (message.t !== 'sample') return;
  const sample = message.s;
  if (sample.kind === 'host') store.record(sample.snapshot);
  else if (sample.kind === 'host-down') store.markDown(sample.host, sample.reason, message.retryAt, sample.timeMs);
  else store.setPlatform(sample.key, sample.value as never);
}
