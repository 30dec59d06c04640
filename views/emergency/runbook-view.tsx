import { useSyncExternalStore } from 'react';
import { formatMillis } from '../../src/format/units.js';
import { runbookOk, runbookResultLines } from '../../src/procedures/runbook.js';
import { wrapWords } from '../../src/format/text.js';
import { detailWindow, scrollRoom } from '../components/list-detail.js';
import { Lines } from '../components/lines.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { style } from '../theme.js';
import type { ViewProps } from './emergency-pane.js';
import type { RunbookRun } from './runbook-desk.js';

/** `engine show-sessions  read-only  2/2 hosts  done, 1 FAILED`. */
function runTitle(run: RunbookRun): string {
  const { plan, results, done } = run;
  const failed = results.filter((r) => !runbookOk(r)).length;
  const state = done ? (failed > 0 ? style.bad(`done, ${failed} FAILED`) : style.good('done')) : style.warn('running…');
  return `${style.title(`${plan.component.name} ${plan.command.name}`)}  ${plan.command.changes ? style.warn('changes hosts') : 'read-only'}  ${results.length}/${plan.steps.length} hosts  ${state}`;
}

function resultLines(run: RunbookRun): string[] {
  const waiting = run.plan.steps.filter((s) => !run.results.some((r) => r.host === s.host)).map((s) => style.dim(`── ${s.host}  waiting ──`));
  return [
    ...run.results.flatMap((r) => runbookResultLines(r, formatMillis).map((line, i) => (i === 0 ? (runbookOk(r) ? style.bold(line) : style.bad(line)) : line.startsWith('! ') ? style.warn(line) : line))),
    ...(run.done ? [] : waiting),
  ];
}

const reducer = (_: number, to: number) => to;

/** The last runbook command run here: each host's exit and output, as they come (scrolls). */
export function RunbookView({ desk, width, height }: ViewProps) {
  const { run } = useSyncExternalStore(desk.runbook.subscribe, desk.runbook.getSnapshot);
  const [scroll, setScroll] = usePaneReducer('emergency.runbook', reducer, 0);
  const body = run === null ? [] : resultLines(run);
  const room = scrollRoom(body.length, Math.max(1, height - 1));
  const maxScroll = Math.max(0, body.length - room);
  useListNavigation(maxScroll + 1, Math.min(scroll, maxScroll), room, setScroll);
  if (run === null) {
    const commands = desk.runbook.commands().map((c) => `${c.component} ${c.name}${c.changes ? ' (changes hosts)' : ''}`);
    const text = commands.length > 0 ? `No runbook command run yet. Press : and type a command's name to run it on its component's hosts: ${commands.join(', ')}.` : 'No component has runbook commands (runbook: {commands: [{name, command}]} in the inventory).';
    return <Lines lines={wrapWords(text, width).map(style.dim)} />;
  }
  return <Lines lines={[runTitle(run), ...detailWindow(body, Math.min(scroll, maxScroll), Math.max(1, height - 1))]} />;
}
