import { useCallback, useEffect, useState } from 'react';
import type { ComponentTopology } from '../../src/analysis/bottlenecks/impact.js';
import type { BottleneckReport } from '../../src/analysis/bottlenecks/finding.js';

/** The windows `w` steps through, up to the same moment. */
export const BOTTLENECK_WINDOWS_MS = [15 * 60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000] as const;
const DEFAULT_WINDOW = 1;

export type BottlenecksState =
  | { status: 'reading'; windowMs: number }
  | { status: 'done'; windowMs: number; report: BottleneckReport }
  | { status: 'failed'; windowMs: number; message: string };

/**
 * The analysis over the window up to `at` (the moment the UI shows, fixed while the overlay is
 * open), read from the history store once per window asked for; a result for a window no longer
 * asked for is dropped.
 */
export function useBottlenecks(historyDir: string, topology: readonly ComponentTopology[], at: number): { state: BottlenecksState; nextWindow(): void } {
  const [index, setIndex] = useState(DEFAULT_WINDOW);
  const windowMs = BOTTLENECK_WINDOWS_MS[index]!;
  const [state, setState] = useState<BottlenecksState>({ status: 'reading', windowMs });
  useEffect(() => {
    let current = true;
    setState({ status: 'reading', windowMs });
    void import('../../src/analysis/bottlenecks/bottlenecks-command.js')
      .then(({ bottleneckReport }) => bottleneckReport({ store: historyDir, windowMs, at, topology }))
      .then(
        (report) => current && setState({ status: 'done', windowMs, report }),
        (error: unknown) => current && setState({ status: 'failed', windowMs, message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      current = false;
    };
  }, [historyDir, topology, at, windowMs]);
  const nextWindow = useCallback(() => setIndex((i) => (i + 1) % BOTTLENECK_WINDOWS_MS.length), []);
  return { state, nextWindow };
}
