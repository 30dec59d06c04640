/**
 * The Capacity pane's state: the forecasts of every resource from the history store the
 * recorder writes, as of the time cursor (now, or the replayed moment), read again every 30 s
 * and on `r`; and the what-if typed on `w`. A store that cannot be read is said, never thrown.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CapacityContext, CapacityReport } from '../../src/analysis/capacity/capacity-forecasts.js';
import type { WhatIfContext, WhatIfReport } from '../../src/analysis/capacity/what-if.js';
import type { FleetInfo } from '../fleet/fleet-info.js';
import type { Thresholds } from '../../src/analysis/thresholds.js';

const EVERY_MS = 30_000;

export interface CapacityState {
  report: CapacityReport | null;
  error: string | null;
  whatIf: WhatIfReport | null;
  whatIfError: string | null;
  refresh(): void;
  runWhatIf(text: string): void;
}

/** The inventory's components and their hosts, as the fleet info has them (inverted), with the levels. */
export function contextOf(fleet: FleetInfo | null, thresholds: Thresholds): CapacityContext & WhatIfContext {
  const hosts = new Map<string, string[]>();
  for (const h of fleet?.hosts ?? []) for (const c of h.components) hosts.set(c.name, [...(hosts.get(c.name) ?? []), h.name]);
  return { components: [...hosts].map(([name, list]) => ({ name, hosts: list })), cpuCritical: thresholds.cpu.critical, cpu: thresholds.cpu, memory: thresholds.memory };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function useCapacityState(historyDir: string, fleet: FleetInfo | null, thresholds: Thresholds, replayAt: number | null): CapacityState {
  const context = useMemo(() => contextOf(fleet, thresholds), [fleet, thresholds]);
  const [report, setReport] = useState<CapacityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [whatIf, setWhatIf] = useState<WhatIfReport | null>(null);
  const [whatIfError, setWhatIfError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const { readCapacity } = await import('../../src/analysis/capacity/capacity-command.js');
        const next = await readCapacity(historyDir, context, replayAt ?? Date.now());
        if (!stopped) {
          setReport(next);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(message(e));
      }
    };
    void read();
    const timer = replayAt === null ? setInterval(() => void read(), EVERY_MS) : undefined;
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
    };
  }, [historyDir, context, replayAt, tick]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const runWhatIf = useCallback(
    (text: string) => {
      void (async () => {
        try {
          const { readWhatIf } = await import('../../src/analysis/capacity/what-if-command.js');
          setWhatIf(await readWhatIf(historyDir, context, text, replayAt ?? Date.now()));
          setWhatIfError(null);
        } catch (e) {
          setWhatIf(null);
          setWhatIfError(message(e));
        }
      })();
    },
    [historyDir, context, replayAt],
  );
  return { report, error, whatIf, whatIfError, refresh, runWhatIf };
}
