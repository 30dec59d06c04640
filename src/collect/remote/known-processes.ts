/**
 * The processes perfmon already has in full from a collector. The collector sends a process
 * short (pid and figures) while it appeared in one of its last PROCESS_LISTS_KEPT lists; perfmon
 * keeps them twice as long, so it never forgets one the collector still counts on (keeping one
 * longer is harmless: the collector sends it in full again). After any lost or garbled record
 * perfmon asks for a full list, which resets both ends.
 */
import type { ProcessSnapshot } from '../../model/host-snapshot.js';
import { PROCESS_LISTS_KEPT } from './collector-awk.js';
import type { ProcessIdentity } from './parse-collector-record.js';

export class KnownProcesses {
  private lists = 0;
  private readonly entries = new Map<number, { identity: ProcessIdentity; list: number }>();

  constructor(private readonly keep = 2 * PROCESS_LISTS_KEPT) {}

  get size(): number {
    return this.entries.size;
  }

  get(pid: number): ProcessIdentity | undefined {
    return this.entries.get(pid)?.identity;
  }

  /** Forgets everything: the next list is sent in full. */
  reset(): void {
    this.lists = 0;
    this.entries.clear();
  }

  /** Takes in a process list as parsed (short lines already resolved). */
  add(processes: readonly ProcessSnapshot[]): void {
    this.lists++;
    for (const { pid, user, command, args } of processes) this.entries.set(pid, { identity: { user, command, args }, list: this.lists });
    for (const [pid, entry] of this.entries) if (entry.list <= this.lists - this.keep) this.entries.delete(pid);
  }
}
