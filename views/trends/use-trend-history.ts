/**
 * Reads the Trends pane's range from history: each metric's columns for the hosts in scope
 * (one host, a component's hosts, the fleet), ending at the time cursor's moment or now (read
 * again every bucket, at least every 5 s), and the same window a day or a week earlier when the
 * overlay is on. A store that cannot be read says why; the UI goes on.
 */
import { useEffect, useState } from 'react';
import type { GroupTrend, TrendMetric } from '../../src/history/trend-query.js';

export const TREND_METRICS: readonly TrendMetric[] = ['cpu', 'memory', 'diskRead', 'diskWrite', 'netRx', 'netTx'];

export interface TrendRequest {
  historyDir: string;
  hosts: readonly string[];
  rangeMs: number;
  columns: number;
  /** The last column holds this moment (null: now, read again as time goes). */
  end: number | null;
  /** Also read the window this long earlier (a day, a week); 0: no overlay. */
  overlayMs: number;
}

export type TrendHistory =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ok'; step: number; from: number; to: number; tier: string; metrics: Record<TrendMetric, GroupTrend>; overlay: Record<TrendMetric, number[]> | null };

export function useTrendHistory(request: TrendRequest | null): TrendHistory {
  const [state, setState] = useState<TrendHistory>({ status: 'loading' });
  const key = request === null ? '' : JSON.stringify(request);
  useEffect(() => {
    if (request === null) return;
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    let reader: import('../../src/history/history-reader.js').HistoryReader | null = null;
    const read = async () => {
      try {
        const [{ HistoryReader, tierForStep }, q] = await Promise.all([import('../../src/history/history-reader.js'), import('../../src/history/trend-query.js')]);
        reader ??= await HistoryReader.open(request.historyDir);
        const step = q.trendStep(request.rangeMs, request.columns);
        const { from, to } = q.trendWindow(request.end ?? Date.now(), step, request.columns);
        const metrics = {} as Record<TrendMetric, GroupTrend>;
        const overlay = request.overlayMs > 0 ? ({} as Record<TrendMetric, number[]>) : null;
        for (const metric of TREND_METRICS) {
          metrics[metric] = q.groupTrend(request.hosts.map((h) => q.hostTrend(reader!, h, metric, from, to, step)));
          if (overlay) overlay[metric] = q.groupTrend(request.hosts.map((h) => q.hostTrend(reader!, h, metric, from - request.overlayMs, to - request.overlayMs, step))).columns.map((c) => c.mean);
        }
        if (!stopped) setState({ status: 'ok', step, from, to, tier: tierForStep(step).name, metrics, overlay });
        if (!stopped && request.end === null) {
          timer = setTimeout(() => void read(), Math.max(5000, step));
          timer.unref?.();
        }
      } catch (error) {
        if (!stopped) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    };
    setState({ status: 'loading' });
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      reader?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
