import { stripVTControlCharacters } from 'node:util';
import { Text } from 'ink';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useAppConfig, type PaneProps } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreView } from '../store/use-store.js';
import { componentRows, gatesNow } from './component-rows.js';
import { style } from '../theme.js';
import { ComponentsView } from './components-view.js';
import { ControlsView } from './controls-view.js';
import type { EmergencyDesk } from './emergency-desk.js';
import type { DeskRun } from './run-desk.js';
import { wrapLines, type DeskMessage, type Prepared } from './observable.js';
import { RunView } from './run-view.js';
import { RunsView } from './runs-view.js';
import { RunbookView } from './runbook-view.js';
import { EMERGENCY_VIEWS, useEmergencyState, VIEW_TITLES, type EmergencyView } from './use-emergency-state.js';
import { runPhaseText } from './run-lines.js';

/** Opens the confirmation of an action, or says plainly why it cannot be done. */
export type Prepare = (make: () => Prepared | Promise<Prepared>) => void;

export interface ViewProps {
  desk: EmergencyDesk;
  width: number;
  height: number;
  prepare: Prepare;
}

/** The environment, impossible to miss: reverse red for production, reverse for the others. */
export function environmentBadge(environment: string | null): string {
  if (environment === null) return style.dim('(environment not named in the inventory)');
  const text = ` ${environment.toUpperCase()} `;
  return /^prod/i.test(environment) ? style.danger(text) : style.selected(text);
}

/** Every view's name, the active one lit; short of `room`, the active one alone (never `C…`). */
function viewTabs(active: EmergencyView, room: number): string {
  const all = EMERGENCY_VIEWS.map((v) => VIEW_TITLES[v]).join(' · ');
  if (all.length <= room) return EMERGENCY_VIEWS.map((v) => (v === active ? style.key(VIEW_TITLES[v]) : style.dim(VIEW_TITLES[v]))).join(style.dim(' · '));
  return `${style.key(VIEW_TITLES[active])}${style.dim(` ${EMERGENCY_VIEWS.indexOf(active) + 1}/${EMERGENCY_VIEWS.length}, v next`)}`;
}

export function messageLine(message: DeskMessage): string {
  const paint = message.tone === 'bad' ? style.bad : message.tone === 'good' ? style.good : style.warn;
  return paint(message.text);
}

/**
 * Emergency procedures on the inventory's components: health, rolling restarts with live
 * progress, dependency-ordered recovery, degradation controls, stopped runs to resume. Every
 * action is previewed exactly and confirmed by typing its target's name; runs live in the
 * EmergencyDesk, so they go on (and can be steered) when the operator looks elsewhere.
 */
export function EmergencyPane({ width, height }: PaneProps) {
  const { emergency } = useAppConfig();
  if (!emergency) return <Text dimColor>Emergency procedures need an inventory with components (perfmon --config FILE).</Text>;
  return <EmergencyDeskPane desk={emergency} width={width} height={height} />;
}

function EmergencyDeskPane({ desk, width, height }: { desk: EmergencyDesk } & PaneProps) {
  const { environment, readOnly } = useAppConfig();
  const [state, dispatch] = useEmergencyState();
  const runs = useSyncExternalStore(desk.runs.subscribe, desk.runs.getSnapshot);
  const [confirm, setConfirm] = useState<Prepared | null>(null);
  const [notice, setNotice] = useState<DeskMessage | null>(null);

  const prepare = useCallback<Prepare>((make) => {
    setNotice(null);
    Promise.resolve()
      .then(make)
      .then(setConfirm, (error: Error) => setNotice({ text: `Refused: ${error.message}`, tone: 'bad' }));
  }, []);
  // A runbook command chosen in the palette: a changing one is confirmed, a read-only one runs.
  const runbook = useSyncExternalStore(desk.runbook.subscribe, desk.runbook.getSnapshot);
  useEffect(() => {
    const request = desk.runbook.take();
    if (request === null) return;
    dispatch({ type: 'view', view: 'runbook' });
    const refuse = (error: Error) => setNotice({ text: `Refused: ${error.message}`, tone: 'bad' });
    try {
      const plan = desk.runbook.plan(request.component, request.name);
      if (plan.command.changes) prepare(() => desk.runbook.prepare(plan));
      else desk.runbook.start(plan).catch(refuse);
    } catch (error) {
      refuse(error as Error);
    }
  }, [desk, runbook.requested, prepare, dispatch]);
  const active = runs.run !== null && (runs.run.phase === 'starting' || runs.run.phase === 'running');
  const noRun = active ? null : 'no run is under way';
  useCommand('pane.emergency.view', () => dispatch({ type: 'nextView' }));
  useCommand('list.back', () => (state.view === 'components' ? false : dispatch({ type: 'view', view: 'components' })));
  useCommand('pane.emergency.pause', () => desk.runs.togglePause(), noRun, runs.run?.paused === true ? 'resume run' : undefined);
  useCommand('pane.emergency.abort', () => desk.runs.abort('finish-hosts'), noRun);
  useCommand('pane.emergency.abortNow', () => desk.runs.abort('now'), noRun);
  // Health as the components view shows it, read when R is pressed (no re-render per tick).
  const store = useStoreView();
  const recover = useCallback(() => {
    const { platform, hosts } = store.getState();
    prepare(() => desk.runs.prepareRecovery(gatesNow(componentRows(desk.inventory, platform.componentHealth, hosts))));
  }, [store, desk, prepare]);
  useCommand('pane.emergency.recover', recover, desk.runs.refusal('recover') ?? null);

  // A host failing takes the operator to the run: the engine waits for the answer.
  const view: EmergencyView = runs.question !== null ? 'run' : state.view;
  const run = runs.run;
  // The environment first and unmistakable; a run under way before the view names (they drop first).
  const head = `${environmentBadge(environment)} ${[style.title('Emergency'), ...(readOnly ? [style.selected(' READ-ONLY: no action ')] : []), ...(run !== null && view !== 'run' ? [runStatus(run)] : [])].join('  ')}`;
  const title = `${head}  ${viewTabs(view, width - stripVTControlCharacters(head).length - 2)}`;
  const message = notice ?? runs.message;
  const top = [title, ...(message ? [messageLine(message)] : [])];
  const room = Math.max(1, height - top.length);

  if (confirm) {
    const done = () => setConfirm(null);
    const go = () => {
      if (confirm.next !== undefined) return setConfirm(confirm.next);
      done();
      confirm.go();
      // A run is followed on the run view; a switch stays on the controls.
      if (confirm.followRun) dispatch({ type: 'view', view: 'run' });
    };
    // Keyed by title: the override's dialog starts with nothing typed.
    return <ConfirmDialog key={confirm.title} title={confirm.title} preview={wrapLines(confirm.preview, width)} confirmText={confirm.confirmText} environment={environment} width={width} height={height} onConfirm={go} onCancel={done} />;
  }
  const props: ViewProps = { desk, width, height: room, prepare };
  return (
    <>
      <Lines lines={top} />
      {view === 'components' && <ComponentsView {...props} state={state} dispatch={dispatch} />}
      {view === 'run' && <RunView {...props} state={runs} />}
      {view === 'controls' && <ControlsView {...props} state={state} dispatch={dispatch} />}
      {view === 'runs' && <RunsView {...props} state={state} dispatch={dispatch} runs={runs.runs} />}
      {view === 'runbook' && <RunbookView {...props} />}
    </>
  );
}

function runStatus(run: DeskRun): string {
  const phase = runPhaseText(run);
  return `${phase.paint(phase.text)} ${style.dim(run.label)}`;
}
