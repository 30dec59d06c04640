import { useMemo } from 'react';
import { stopLiveRun } from '../../src/load/live-run.js';
import { useUiActions, type PaneProps } from '../app-context.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { loadPaneLines, targetHosts } from './load-lines.js';
import { useLoadRun } from './use-load-run.js';

/**
 * A load test as it runs, beside the hosts it loads: attaches to the newest `perfmon load` on
 * this machine (its live file, rewritten every second) and reads the hosts' CPU, memory, GC and
 * queues from the live store. `a` stops the test.
 */
export function LoadPane({ width, height }: PaneProps) {
  const { run, ended } = useLoadRun();
  const actions = useUiActions();
  const hosts = useStoreSelector((s) => s.hosts);
  const platform = useStoreSelector((s) => s.platform);
  const targets = run?.targets;
  const rows = useMemo(() => targetHosts(hosts, platform, targets ?? []), [hosts, platform, targets]);
  const lines = useMemo(() => loadPaneLines({ run, ended, hosts: rows }, width, height), [run, ended, rows, width, height]);
  const stoppable = run !== null && !ended && run.stopping !== true;
  useCommand(
    'pane.load.stop',
    () => {
      if (run === null) return;
      try {
        stopLiveRun(run);
        actions.flash(`Stopping load test ${run.scenario} (pid ${run.pid}): no more requests, connections closed`);
      } catch (error) {
        actions.flash(`Could not stop pid ${run.pid}: ${(error as Error).message}`);
      }
    },
    stoppable ? null : run === null ? 'no load test is running' : ended ? 'the test has ended' : 'the test is already stopping',
  );
  return <Lines lines={lines} />;
}
