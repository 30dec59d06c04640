import os from 'node:os';
import type { MetricStore } from '../model/store.js';
import { createLocalCollector } from './local-collector.js';
import { Poller } from './poller.js';

export interface Watch {
  hostName: string;
  stop(): void;
}

/** The first reading comes this soon (rates need two readings; an operator wants numbers now). */
const FIRST_READING_MS = 300;

/**
 * Samples this machine into the store every `intervalMs` until stopped. Returns at once (the
 * UI draws while the collector starts); readings arrive in the store.
 */
export function watchLocalHost(store: MetricStore, intervalMs: number, hostName = os.hostname()): Watch {
  store.addHost(hostName);
  let stopped = false;
  let stopCollector = () => {};
  const fail = (error: unknown) => store.markDown(hostName, `local collector: ${error instanceof Error ? error.message : String(error)}`);
  void createLocalCollector(hostName)
    .then(async (collector) => {
      // Prime the rates, then read soon after; failures surface through the poller.
      await collector.collect().catch(() => undefined);
      const poller = new Poller(async () => store.record(await collector.collect()), { intervalMs, onError: fail });
      stopCollector = () => {
        poller.stop();
        collector.close();
      };
      if (stopped) stopCollector();
      else poller.start(Math.min(FIRST_READING_MS, intervalMs));
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
