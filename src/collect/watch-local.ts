import type { MetricStore } from '../model/store.js';
import { createLocalCollector } from './local-collector.js';
import { Poller } from './poller.js';

export interface Watch {
  hostName: string;
  stop(): void;
}

/** The first reading comes this soon (rates need two readings; an operator wants numbers now). */
const FIRST_READING_MS = 300;

/** Samples this machine into the store every `intervalMs` until stopped. */
export async function watchLocalHost(store: MetricStore, intervalMs: number): Promise<Watch> {
  const collector = await createLocalCollector();
  const hostName = collector.name;
  store.addHost(hostName);
  const poller = new Poller(async () => store.record(await collector.collect()), {
    intervalMs,
    onError: (error) => store.markDown(hostName, `local collector: ${error instanceof Error ? error.message : String(error)}`),
  });
  // Prime the rates, then read soon after; failures here surface through the poller.
  await collector.collect().catch(() => undefined);
  poller.start(Math.min(FIRST_READING_MS, intervalMs));
  return {
    hostName,
    stop: () => {
      poller.stop();
      collector.close();
    },
  };
}
