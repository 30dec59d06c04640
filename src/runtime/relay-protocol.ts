/**
 * The live-readings relay between the process that collects (the recorder, or the TUI that
 * records while it runs) and the TUIs on the same machine that attach to it instead of opening
 * SSH connections of their own (src/runtime/reading-relay.ts serves, relay-client.ts attaches).
 *
 * Transport: a Unix socket only its user can open — mode 0600, in the history store's directory
 * (created 0700), or in $XDG_RUNTIME_DIR when that path is too long for a socket or the store's
 * directory is writable by others. Node cannot read the peer's uid (SO_PEERCRED), so the file
 * permissions are the guard; a client also refuses a socket another user owns.
 *
 * Framing: one JSON message per line, the server speaking, the client listening. Numbers that
 * JSON cannot carry (NaN, ±Infinity: a rate not known yet, a queue that never drains) travel as
 * `{"$num":"NaN"}` so a reading arrives exactly as it was stored.
 *
 *   {"t":"hello","v":1,"pid":…,"fingerprint":"…","hosts":[…],"intervalMs":1000}
 *   {"t":"state","hosts":[{name,status,error,snapshot,lastSeen,downSince,retryAt}…],"platform":{…}}
 *   {"t":"sample","s":<StoreSample>,"retryAt":…}        every reading as it lands, in order
 *   {"t":"bye","reason":"…"}                            the collection changed or stops
 */
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '../config/inventory-schema.js';
import type { HostState, StoreSample } from '../model/store.js';
import type { PlatformState } from '../model/platform-state.js';

export const RELAY_VERSION = 1;

/** A host as the collecting process's store has it, without its series. */
export type RelayHost = Pick<HostState, 'name' | 'status' | 'error' | 'snapshot' | 'lastSeen'> & { downSince: number | null; retryAt: number | null };

export type RelayMessage =
  | { t: 'hello'; v: number; pid: number; fingerprint: string; hosts: string[]; intervalMs: number }
  | { t: 'state'; hosts: RelayHost[]; platform: PlatformState }
  | { t: 'sample'; s: StoreSample; retryAt: number | null }
  | { t: 'bye'; reason: string };

/** A longer line is not a message of ours: the connection is dropped. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

const tagNumbers = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? { $num: String(value) } : value);

function untagNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const tagged = (value as { $num?: unknown }).$num;
    if (typeof tagged === 'string' && Object.keys(value).length === 1) return Number(tagged);
  }
  return value;
}

export function encodeMessage(message: RelayMessage): string {
  return `${JSON.stringify(message, tagNumbers)}\n`;
}

/** One line as a message, or null when it is not one (the caller drops the connection). */
export function decodeMessage(line: string): RelayMessage | null {
  try {
    const parsed = JSON.parse(line, untagNumbers) as unknown;
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { t?: unknown }).t !== 'string') return null;
    return parsed as RelayMessage;
  } catch {
    return null;
  }
}

/**
 * What makes two perfmons watch the same thing: the hosts (and how they are reached) and the
 * components. A TUI attaches only to a relay whose fingerprint is its own.
 */
export function collectionFingerprint(inventory: Pick<Inventory, 'hosts' | 'ssh' | 'components'> | null): string {
  if (inventory === null) return 'local';
  return createHash('sha256')
    .update(JSON.stringify({ hosts: inventory.hosts, ssh: inventory.ssh, components: inventory.components }))
    .digest('hex')
    .slice(0, 32);
}

/** Linux's sun_path holds 108 bytes with its NUL; keep a margin. */
const MAX_SOCKET_PATH = 100;

function uid(): number {
  return process.getuid?.() ?? 0;
}

/** $XDG_RUNTIME_DIR (the user's own, 0700), else a 0700 directory of ours under the temp dir. */
function runtimeDir(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_RUNTIME_DIR'];
  if (xdg !== undefined && xdg.startsWith('/')) return xdg;
  const dir = join(tmpdir(), `perfmon-${uid()}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Where the relay of the history store `storeDir` listens; the server and its clients compute the same. */
export function relaySocketPath(storeDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const inStore = join(storeDir, 'live.sock');
  let private_ = true;
  try {
    private_ = (statSync(storeDir).mode & 0o022) === 0;
  } catch {
    // not there yet: the writer lock creates it 0700
  }
  if (private_ && Buffer.byteLength(inStore) <= MAX_SOCKET_PATH) return inStore;
  const digest = createHash('sha256').update(storeDir).digest('hex').slice(0, 16);
  return join(runtimeDir(env), `perfmon-live-${digest}.sock`);
}

/** Splits a byte stream into lines; `onLine` returns false to stop (the stream is bad). */
export function lineReader(onLine: (line: string) => boolean, onTooLong: () => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString('utf8');
    let newline = rest.indexOf('\n');
    while (newline >= 0) {
      const line = rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      if (line.length > 0 && !onLine(line)) {
        rest = '';
        return;
      }
      newline = rest.indexOf('\n');
    }
    if (rest.length > MAX_LINE_BYTES) {
      rest = '';
      onTooLong();
    }
  };
}
