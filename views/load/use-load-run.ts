import { useEffect, useMemo, useState } from 'react';
import { liveDir, readLiveRuns, type LiveRun } from '../../src/load/live-run.js';
import { stateDir } from '../../src/procedures/state-dir.js';

/** How often the live runs are read: `perfmon load` rewrites its file once a second. */
const READ_EVERY_MS = 1000;

export interface LoadRunState {
  run: LiveRun | null;
  /** The run shown has ended: its last figures stay until another one starts. */
  ended: boolean;
}

/** The newest load test running on this machine (any perfmon process), read every second. */
export function useLoadRun(): LoadRunState {
  const dir = useMemo(() => liveDir(stateDir(process.env)), []);
  const [state, setState] = useState<LoadRunState>({ run: null, ended: false });
  useEffect(() => {
    const read = () =>
      setState((previous) => {
        const current = readLiveRuns(dir)[0];
        if (current !== undefined) return { run: current, ended: false };
        return previous.run === null || previous.ended ? previous : { run: previous.run, ended: true };
      });
    read();
    const timer = setInterval(read, READ_EVERY_MS);
    return () => clearInterval(timer);
  }, [dir]);
  return state;
}
