import { Box } from 'ink';
import { useMemo, useState } from 'react';
import { launchLoad, planLaunch, type LaunchPlan } from '../../src/load/launch-load.js';
import { stopLiveRun } from '../../src/load/live-run.js';
import { useAppConfig, useUiActions, type PaneProps } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Lines } from '../components/lines.js';
import { ScenarioPrompt } from './scenario-prompt.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { loadPaneLines, targetHosts } from './load-lines.js';
import { useLoadRun } from './use-load-run.js';

/**
 * A load test as it runs, beside the hosts it loads: attaches to the newest `perfmon load` on
 * this machine (its live file, rewritten every second) and reads the hosts' CPU, memory, GC and
 * queues from the live store. `r` starts one (path, preview, the environment's name typed: it
 * runs as its own perfmon load process); `a` stops the test.
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
  const config = useAppConfig();
  const [prompting, setPrompting] = useState(false);
  const [plan, setPlan] = useState<LaunchPlan | null>(null);
  useCommand('pane.load.run', () => setPrompting(true), stoppable ? 'a load test is running: a stops it first' : null);
  const previewed = (path: string | null): void => {
    setPrompting(false);
    if (path === null) return;
    void planLaunch(path, config.environment, config.configPath).then((planned) => (planned.ok ? setPlan(planned.plan) : actions.flash(`Not started: ${planned.problem}`)));
  };
  const start = (confirmed: LaunchPlan): void => {
    setPlan(null);
    actions.flash(`Starting load test ${confirmed.scenarioName}: this pane attaches to it within a second`);
    launchLoad(confirmed, config.configPath, (code, stderr) => {
      // A refusal (actions not allowed, production) or a failure is said; a run's own end is on screen.
      if (code === 2 || (code !== 0 && code !== 1)) actions.flash(`Load test ${confirmed.scenarioName} did not run: ${stderr.trim().split('\n').at(-1) ?? `exit ${code}`}`);
    });
  };
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
  if (plan !== null) {
    return <ConfirmDialog title={`Start load test ${plan.scenarioName}`} preview={plan.preview} confirmText={plan.confirmText} environment={config.environment} width={width} height={height} onConfirm={() => start(plan)} onCancel={() => setPlan(null)} />;
  }
  return (
    <Box flexDirection="column">
      {prompting ? <ScenarioPrompt width={width} onDone={previewed} /> : null}
      <Lines lines={prompting ? lines.slice(0, Math.max(0, height - 1)) : lines} />
    </Box>
  );
}
