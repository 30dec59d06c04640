import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { Lines } from '../components/lines.js';
import { useCommand, useModal } from '../keys/use-command.js';
import { style } from '../theme.js';
import type { EmergencyDesk } from './emergency-desk.js';
import type { ViewProps } from './emergency-pane.js';
import { wrapLines } from './observable.js';
import type { RunDeskState } from './run-desk.js';
import { failureLines, hostTableLines, recoveryLevelLines, resumeHint, runHeadline } from './run-lines.js';

/** Re-renders every second while `ticking`, so elapsed times count up. */
function useTick(ticking: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
}

/** The engine waits on this: the keyboard answers it and nothing else (but Ctrl-C). */
function FailureQuestion({ desk }: { desk: EmergencyDesk }) {
  useModal('emergency-failure');
  useCommand('emergency.failure.retry', () => desk.runs.answer('retry'));
  useCommand('emergency.failure.skip', () => desk.runs.answer('skip'));
  useCommand('emergency.failure.abort', () => desk.runs.answer('abort'));
  return null;
}

/** The run of this perfmon: a row per host, the recovery's levels, notes, the question when a host fails. */
export function RunView({ desk, width, height, state }: ViewProps & { state: RunDeskState }) {
  const run = state.run;
  const active = run !== null && (run.phase === 'starting' || run.phase === 'running');
  useTick(active);
  if (run === null) {
    return (
      <Text dimColor wrap="truncate-end">
        No run in this perfmon yet: r restarts the selected component, R recovers the platform, u resumes a stopped run (v to its view).
      </Text>
    );
  }
  const now = Date.now();
  const hint = resumeHint(run);
  const head = [runHeadline(run, state.question !== null), ...(hint === undefined ? [] : [hint])];
  const question = state.question === null ? [] : failureLines(state.question, width);
  const levels = recoveryLevelLines(run);
  const recovery = run.recovery;
  const current = run.restart ?? (recovery?.current === undefined ? undefined : recovery.runs[recovery.current]);
  // While the question is open only its keys work.
  const steering =
    !active || state.question !== null || run.aborting === 'now'
      ? []
      : run.aborting === 'finish-hosts'
        ? [`hosts under way finish coming back; ${style.key('A')} abort now stops before their next step`]
        : [`${style.key('Space')} ${run.paused ? 'resume' : 'pause'}   ${style.key('a')} abort (hosts under way finish)   ${style.key('A')} abort now`];
  const notes = wrapLines(run.notes.slice(-2), width).map((n) => style.dim(n));
  const tail = [...notes, ...wrapLines(run.summary, width), ...steering];
  const room = height - head.length - question.length - levels.length - tail.length - (current && recovery ? 1 : 0);
  const table =
    current === undefined
      ? []
      : [...(recovery ? [style.title(`${current.component}${current.runId ? ` · run ${current.runId}` : ''}`)] : []), ...hostTableLines(current, width, Math.max(2, room), now)];
  // Short of room, the table gives way first: the question and what is left to do stay in view.
  const body = [...head, ...question, ...levels, ...table].slice(0, Math.max(0, height - tail.length));
  return (
    <>
      <Lines lines={[...body, ...tail].slice(0, height)} />
      {state.question !== null && <FailureQuestion desk={desk} />}
    </>
  );
}
