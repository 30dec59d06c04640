/**
 * The Alerts pane's data: the board read from the history store every few seconds (live), or
 * at the time cursor's moment (replay: the alerts as they were), and the chart series of the
 * alert opened. A store that cannot be read yet is said, never thrown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertBoard, BoardAlert, BoardSources } from '../../src/alerts/alert-board.js';
import type { HistoryReader } from '../../src/history/history-reader.js';

const EVERY_MS = 5000;
/** The chart of an alert: from this long before it became active to its end (or the moment shown). */
const LEAD_MS = 10 * 60_000;

export interface AlertBoardState {
  board: AlertBoard | null;
  problem: string | null;
  reload(): void;
  /** The stored values of an alert around it, `points` wide. */
  series(alert: BoardAlert, points: number): Promise<{ t: number[]; v: number[] } | null>;
}

export function useAlertBoard(historyDir: string, sources: BoardSources, at: number | null): AlertBoardState {
  const [board, setBoard] = useState<AlertBoard | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reader = useRef<Promise<HistoryReader> | null>(null);
  const [version, setVersion] = useState(0);
  const open = useCallback(async () => {
    const { HistoryReader } = await import('../../src/history/history-reader.js');
    reader.current ??= HistoryReader.open(historyDir);
    return reader.current;
  }, [historyDir]);
  useEffect(() => {
    let stopped = false;
    const read = async () => {
      try {
        const [r, { readAlertBoard }] = await Promise.all([open(), import('../../src/alerts/alert-board.js')]);
        const next = readAlertBoard(r, sources, at ?? Date.now());
        if (!stopped) {
          setBoard(next);
          setProblem(null);
        }
      } catch (error) {
        reader.current = null; // no store yet: tried again on the next round
        if (!stopped) setProblem(`no alerts to show: ${(error as Error).message} (perfmon record keeps them there)`);
      }
    };
    void read();
    const timer = at === null ? setInterval(() => void read(), EVERY_MS) : null;
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
    };
  }, [open, sources, at, version]);
  useEffect(
    () => () => {
      void reader.current?.then((r) => r.close(), () => undefined);
      reader.current = null;
    },
    [open],
  );
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const series = useCallback(
    async (alert: BoardAlert, points: number) => {
      try {
        const [r, { alertSeries }] = await Promise.all([open(), import('../../src/alerts/alert-board.js')]);
        const end = alert.state === 'resolved' ? Math.min(Date.parse(alert.seen) + LEAD_MS / 2, at ?? Date.now()) : (at ?? Date.now());
        return alertSeries(r, alert, Date.parse(alert.activeSince) - LEAD_MS, end, points);
      } catch {
        return null;
      }
    },
    [open, at],
  );
  return { board, problem, reload, series };
}
