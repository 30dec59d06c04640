import os from 'node:os';
import { createLocalCollector } from '../collect/local-collector.js';
import type { MetricStore } from '../model/store.js';
import { ScheduledTask } from './scheduler.js';

export interface Watch {
  hostName: string;
  stop(): void;
}

/** The first reading comes this soon (rates need two readings; an operator wants numbers now). */
const FIRST_READING_MS = 300;

export interface WatchLocalOptions {
  /** The name the machine is shown under (default its hostname). */
  hostName?: string;
  /** When the first reading comes after the rates were primed (default 300 ms, at most an interval). */
  firstReadingMs?: number;
}

/**
 * Samples this machine into the store every `intervalMs` until stopped. Returns at once (the
 * UI draws while the collector starts); readings arrive in the store.
 */
export function watchLocalHost(store: MetricStore, intervalMs: number, options: WatchLocalOptions = {}): Watch {
  const hostName = options.hostName ?? os.hostname();
  store.addHost(hostName);
  let stopped = false;
  let stopCollector = () => {};
  const fail = (error: unknown) => store.markDown(hostName, `local collector: ${error instanceof Error ? error.message : String(error)}`);
  void createLocalCollector(hostName)
    .then(async (collector) => {
      // Prime the rates, then read soon after; failures surface through the scheduler.
      await collector.collect().catch(() => undefined);
      const task = new ScheduledTask(async () => store.record(await collector.collect()), {
        intervalMs,
        firstRunMs: options.firstReadingMs ?? Math.min(FIRST_READING_MS, intervalMs),
        onError: fail,
        // The local TUI lives as long as this loop does.
        ref: true,
      });
      stopCollector = () => {
        task.stop();
        collector.close();
      };
      if (stopped) stopCollector();
      else task.start();
    })
    .catch(fail);
  return {
    hostName,
    stop: () => {
      stopped = true;
      stopCollector();
    },
  };
}
