/**
 * Queues of any broker whose exporter publishes depth (or consumer lag) and rates, through the
 * inventory's mapping: `queueLabel` names the queue (topic, consumergroup, …); series of one
 * queue (partitions) are added up.
 */
import type { MetricSelector, PrometheusQueueSource } from '../../config/inventory-schema.js';
import { seriesKey } from '../prometheus/index.js';
import type { ParseResult, Sample } from '../prometheus/types.js';
import { counterNames, samplesMatching, selectorFor } from '../app-metrics/interval-math.js';
import type { QueueReading } from '../../model/queue-reading.js';

function byQueue(result: ParseResult, selector: MetricSelector, label: string, names: readonly string[] = [selector.metric]): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const s of samplesMatching(result, selectorFor(names, selector.labels))) {
    const queue = s.labels[label];
    if (queue === undefined || Number.isNaN(s.value)) continue;
    const list = out.get(queue) ?? [];
    list.push(s);
    out.set(queue, list);
  }
  return out;
}

const total = (samples: readonly Sample[] | undefined): number | null => (samples ? samples.reduce((a, s) => a + s.value, 0) : null);

export function readMappedQueues(result: ParseResult, source: PrometheusQueueSource): QueueReading[] {
  const label = source.queueLabel;
  const depth = byQueue(result, source.depth, label);
  const optional = (sel: MetricSelector | undefined) => (sel ? byQueue(result, sel, label) : undefined);
  const consumers = optional(source.consumers);
  const unacked = optional(source.unacked);
  const rate = (sel: (MetricSelector & { counter: boolean }) | undefined) =>
    sel ? { counter: sel.counter, samples: byQueue(result, sel, label, sel.counter ? counterNames(sel.metric) : [sel.metric]) } : undefined;
  const publish = rate(source.publishRate);
  const consume = rate(source.consumeRate);
  return [...depth].map(([name, samples]) => {
    const reading: QueueReading = {
      name,
      depth: total(samples),
      ready: null,
      unacked: unacked ? (total(unacked.get(name)) ?? 0) : null,
      consumers: consumers ? (total(consumers.get(name)) ?? 0) : null,
    };
    for (const [r, counterField, rateField] of [
      [publish, 'published', 'publishRate'],
      [consume, 'acked', 'consumeRate'],
    ] as const) {
      if (!r) continue;
      const series = r.samples.get(name) ?? [];
      if (r.counter) reading[counterField] = series.map((s) => ({ key: seriesKey(s.name, s.labels), value: s.value }));
      else reading[rateField] = total(series) ?? 0;
    }
    return reading;
  });
}
