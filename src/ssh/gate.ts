/** A counting semaphore with a FIFO queue: at most `limit` holders at a time. */
export class Gate {
  private holders = 0;
  private readonly queue: Array<{ grant: () => void; reject: (err: Error) => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Gate: limit must be a whole number ≥ 1, not ${limit}`);
  }

  get active(): number {
    return this.holders;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; release is idempotent. */
  acquire(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        this.holders++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.holders--;
          this.queue.shift()?.grant();
        });
      };
      if (this.holders < this.limit) grant();
      else this.queue.push({ grant, reject });
    });
  }

  /** Rejects everyone still waiting (the resource is gone). */
  rejectWaiting(err: Error): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(err);
  }
}

/**
 * Bounds concurrent SSH handshakes, like sshd's MaxStartups does on the other side: at
 * most `global` in flight overall, and at most `perFirstHop` against any one first hop (a
 * bastion carrying many hosts must not be flooded). The per-hop slot is taken first so a
 * busy bastion never holds global slots that direct hosts could use.
 */
export class HandshakeGate {
  private readonly all: Gate;
  private readonly hops = new Map<string, Gate>();

  constructor(readonly options: { global?: number; perFirstHop?: number } = {}) {
    this.all = new Gate(options.global ?? 10);
  }

  get active(): number {
    return this.all.active;
  }

  get waiting(): number {
    return this.all.waiting + [...this.hops.values()].reduce((n, g) => n + g.waiting, 0);
  }

  async acquire(firstHop: string): Promise<() => void> {
    let hop = this.hops.get(firstHop);
    if (!hop) {
      hop = new Gate(this.options.perFirstHop ?? 10);
      this.hops.set(firstHop, hop);
    }
    const releaseHop = await hop.acquire();
    const releaseAll = await this.all.acquire();
    return () => {
      releaseAll();
      releaseHop();
      if (hop.active === 0 && hop.waiting === 0 && this.hops.get(firstHop) === hop) this.hops.delete(firstHop);
    };
  }
}

/** The process-wide gate connect() uses unless given another. */
export const defaultHandshakeGate = new HandshakeGate();
