import type { MetricStore, StoreState } from '../../src/model/store.js';

/**
 * What the views see of the store. Pausing freezes the picture (the operator can read a
 * spike) while collectors keep recording underneath, so trends have no gap on resume.
 * Replaying shows a past moment rebuilt from history (see time-cursor.ts) in its place.
 */
export class StoreView {
  private frozen: StoreState | null = null;
  private replay: StoreState | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(readonly store: MetricStore) {
    store.subscribe(() => {
      if (!this.frozen && !this.replay) this.notify();
    });
  }

  get paused(): boolean {
    return this.frozen !== null;
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.frozen = paused ? this.store.getState() : null;
    this.notify();
  }

  /** Shows `state` (a past moment) instead of the store; null goes back to the store. */
  setReplay(state: StoreState | null): void {
    if (state === this.replay) return;
    this.replay = state;
    this.notify();
  }

  getState = (): StoreState => this.replay ?? this.frozen ?? this.store.getState();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
