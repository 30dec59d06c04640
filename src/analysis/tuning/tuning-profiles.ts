/**
 * Tuning profiles as data: for each setting the advisor reads, what the profile wants and why.
 * `low-latency` follows the latency-oriented tuned profiles (latency-performance,
 * network-latency: performance governor, no THP, little swapping and small dirty ratios, no
 * automatic NUMA balancing, busy polling) plus the JVM practice of a trading host (a pause-less
 * collector, a pre-touched heap); `throughput` follows throughput-performance (large dirty
 * ratios, big readahead, a throughput collector). A rule is `min` (at least), `max` (at most)
 * or `oneOf` (one of the values).
 */

export type Rule =
  | { kind: 'min'; value: number; why: string }
  | { kind: 'max'; value: number; why: string }
  | { kind: 'oneOf'; values: readonly string[]; why: string };

/** Setting ids: `governor`, `thp`, `sysctl.NAME`, `irqbalance`, `disk.scheduler.ssd|hdd`, `disk.readahead`, `mount.atime`, `jvm.*`. */
export type TuningProfile = { name: string; description: string; rules: Readonly<Record<string, Rule>> };

const common: Record<string, Rule> = {
  'sysctl.net.core.somaxconn': { kind: 'min', value: 4096, why: 'a burst of connections (a reconnect storm after a failover) overflows a short accept queue and clients wait for SYN retries' },
  'sysctl.net.ipv4.tcp_max_syn_backlog': { kind: 'min', value: 4096, why: 'half-open connections beyond it are dropped during a reconnect storm' },
  'sysctl.net.core.rmem_max': { kind: 'min', value: 16 * 1024 * 1024, why: 'market-data bursts overflow a small socket receive buffer: drops and retransmits' },
  'sysctl.net.core.wmem_max': { kind: 'min', value: 16 * 1024 * 1024, why: 'a small send buffer blocks the sender on a fast link with some latency' },
  'sysctl.vm.swappiness': { kind: 'max', value: 10, why: 'a swapped-out page of a JVM heap or a database buffer turns the next access into a disk read' },
  'jvm.openFiles': { kind: 'min', value: 65536, why: 'every socket and file is a descriptor: a service at its limit refuses connections (EMFILE)' },
  'jvm.nice': { kind: 'max', value: 0, why: 'a positive nice value lets batch work take the CPU from the service' },
  'jvm.heapShare': { kind: 'max', value: 75, why: 'heap plus metaspace, code cache, thread stacks and direct buffers above the memory left by the OS make the host swap or the OOM killer end the JVM' },
};

export const BUILT_IN_PROFILES: readonly TuningProfile[] = [
  {
    name: 'low-latency',
    description: 'steady, low response times (tuned latency-performance / network-latency, pause-less GC)',
    rules: {
      ...common,
      governor: { kind: 'oneOf', values: ['performance', 'none'], why: 'a power-saving governor lowers the clock between bursts and the next request runs slow while it ramps up' },
      thp: { kind: 'oneOf', values: ['never', 'madvise'], why: 'always-on transparent huge pages stall allocations while the kernel compacts memory (khugepaged, direct compaction)' },
      'sysctl.vm.dirty_ratio': { kind: 'max', value: 10, why: 'a large dirty ratio lets writes pile up and then flush in one long stall' },
      'sysctl.vm.dirty_background_ratio': { kind: 'max', value: 3, why: 'background writeback should start early, in small pieces' },
      'sysctl.kernel.numa_balancing': { kind: 'max', value: 0, why: 'automatic NUMA balancing unmaps pages to sample them: page faults and migrations in the hot path' },
      'sysctl.net.core.busy_read': { kind: 'min', value: 50, why: 'busy polling for 50 µs on a socket read avoids the interrupt and wake-up latency of a blocking read' },
      'sysctl.net.core.busy_poll': { kind: 'min', value: 50, why: 'busy polling in poll/select/epoll avoids the wake-up latency' },
      irqbalance: { kind: 'oneOf', values: ['stopped'], why: 'irqbalance moves interrupts onto the cores the latency-critical threads run on; pin IRQs away from them instead' },
      'disk.scheduler.ssd': { kind: 'oneOf', values: ['none', 'mq-deadline'], why: 'an SSD or NVMe device needs no reordering; none adds no latency' },
      'disk.scheduler.hdd': { kind: 'oneOf', values: ['mq-deadline'], why: 'deadline bounds how long a read waits behind writes' },
      'disk.readahead': { kind: 'max', value: 128, why: 'large readahead makes small random reads (a database, a journal) read and evict much more than they need' },
      'mount.atime': { kind: 'oneOf', values: ['noatime'], why: 'updating the access time turns reads into writes' },
      'jvm.collector': { kind: 'oneOf', values: ['ZGC', 'Shenandoah'], why: 'G1 and the parallel collectors stop the application for tens to hundreds of ms; ZGC and Shenandoah pause for under a millisecond' },
      'jvm.preTouch': { kind: 'oneOf', values: ['on'], why: 'without -XX:+AlwaysPreTouch the first use of each heap page is a page fault in the request path' },
    },
  },
  {
    name: 'throughput',
    description: 'the most work per second (tuned throughput-performance, a throughput collector)',
    rules: {
      ...common,
      governor: { kind: 'oneOf', values: ['performance', 'none'], why: 'a power-saving governor costs throughput under sustained load' },
      'sysctl.vm.dirty_ratio': { kind: 'min', value: 40, why: 'a large dirty ratio lets big writes complete in memory and reach the disk in large batches' },
      'sysctl.vm.dirty_background_ratio': { kind: 'min', value: 10, why: 'background writeback in larger batches' },
      'disk.readahead': { kind: 'min', value: 2048, why: 'large sequential reads (batch jobs, scans) go faster with a large readahead' },
      'jvm.collector': { kind: 'oneOf', values: ['Parallel', 'G1'], why: 'the parallel and G1 collectors spend the least CPU per allocated byte' },
    },
  },
];

export function builtInProfile(name: string): TuningProfile | null {
  return BUILT_IN_PROFILES.find((p) => p.name === name) ?? null;
}

export interface ConfiguredProfile {
  extends?: 'low-latency' | 'throughput' | undefined;
  description?: string | undefined;
  rules: Readonly<Record<string, { min?: number | undefined; max?: number | undefined; oneOf?: string[] | undefined; why: string }>>;
}

/** An inventory profile as a TuningProfile: its rules over those of the built-in one it extends. */
export function configuredProfile(name: string, config: ConfiguredProfile): TuningProfile {
  const base = config.extends === undefined ? null : builtInProfile(config.extends);
  const rules: Record<string, Rule> = { ...(base?.rules ?? {}) };
  for (const [setting, r] of Object.entries(config.rules)) {
    rules[setting] = r.oneOf !== undefined ? { kind: 'oneOf', values: r.oneOf, why: r.why } : r.min !== undefined ? { kind: 'min', value: r.min, why: r.why } : { kind: 'max', value: r.max!, why: r.why };
  }
  return { name, description: config.description ?? (base ? `${base.description}, adjusted` : name), rules };
}
