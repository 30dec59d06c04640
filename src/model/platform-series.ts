/**
 * The live series a platform reading feeds, beside the reading itself: each queue's depth and
 * each JVM's heap, GC time and threads, labelled with what they measure and stamped with the
 * time of the read they come from (`queue_depth{component,host,queue,source[,vhost]}`,
 * `jvm_heap_used_bytes{host,pid}`, …). A figure the source did not give is left out.
 */
import type { PlatformState } from './platform-state.js';
import type { Labels, SeriesKey } from './series-key.js';

export interface TimedValue {
  key: SeriesKey;
  t: number;
  v: number;
}

export function platformSeriesSamples<K extends keyof PlatformState>(key: K, value: PlatformState[K]): TimedValue[] {
  const out: TimedValue[] = [];
  const add = (name: string, labels: Labels, t: number, v: number | null | undefined) => {
    if (typeof v === 'number' && Number.isFinite(v) && Number.isFinite(t)) out.push({ key: { name, labels }, t, v });
  };
  if (key === 'queues') {
    for (const q of (value as PlatformState['queues'])?.queues ?? []) {
      const labels = { component: q.component, host: q.host, queue: q.name, source: q.source, ...(q.vhost === null ? {} : { vhost: q.vhost }) };
      add('queue_depth', labels, q.timeMs, q.depth);
    }
  } else if (key === 'jvms') {
    for (const host of (value as PlatformState['jvms']) ?? []) {
      for (const jvm of host.jvms) {
        const labels = { host: jvm.host, pid: String(jvm.pid) };
        const t = Date.parse(jvm.time);
        add('jvm_heap_used_bytes', labels, t, jvm.heap?.used);
        add('jvm_gc_time_percent', labels, t, jvm.gc?.timePercent);
        add('jvm_threads_live', labels, t, jvm.threads?.live);
      }
    }
  }
  return out;
}
