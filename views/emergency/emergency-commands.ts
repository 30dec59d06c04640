import type { CommandSpec } from '../keys/commands.js';

const pane = 'pane:emergency' as const;

/**
 * The Emergency pane's keys. Everything that changes a host, or steers something that does,
 * is `dangerous`: hidden entirely with --read-only or readOnly: true.
 */
export const EMERGENCY_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.emergency.view', keys: ['v'], description: 'Next view of the Emergency pane: components, run, controls, stopped runs', label: 'view', scope: pane },
  {
    id: 'pane.emergency.restart',
    keys: ['r'],
    description: 'Rolling restart of the selected component: the exact plan, then its name typed in full to go ahead',
    label: 'restart',
    scope: pane,
    dangerous: true,
  },
  { id: 'pane.emergency.batch', keys: ['b'], description: 'Hosts per batch for the next rolling restart (1 up to what the component allows down at once)', scope: pane, dangerous: true },
  {
    id: 'pane.emergency.recover',
    keys: ['R'],
    description: 'Recover every component in dependency order, each level healthy before the next (the environment typed to go ahead)',
    label: 'recover',
    scope: pane,
    dangerous: true,
  },
  { id: 'pane.emergency.pause', keys: [' '], description: 'Pause the run before its next step, or resume it', label: 'pause run', scope: pane, dangerous: true },
  { id: 'pane.emergency.abort', keys: ['a'], description: 'Abort the run: nothing new is taken down, hosts under way finish coming back', label: 'abort', scope: pane, dangerous: true },
  { id: 'pane.emergency.abortNow', keys: ['A'], description: 'Abort the run now: stop before the next step of any kind (hosts may be left drained)', scope: pane, dangerous: true },
  {
    id: 'pane.emergency.switch',
    keys: ['o'],
    description: 'Switch the selected degradation control on or off, or apply the selected profile (previewed, the name typed to go ahead)',
    label: 'switch',
    scope: pane,
    dangerous: true,
  },
  { id: 'pane.emergency.timebox', keys: ['t'], description: 'Time box of the next switch or profile: none, 5m, 15m, 1h (then reverted by itself)', label: 'time box', scope: pane, dangerous: true },
  { id: 'pane.emergency.revert', keys: ['z'], description: 'Revert every pending time-boxed degradation now (as perfmon degrade --revert)', scope: pane, dangerous: true },
  { id: 'pane.emergency.resumeRun', keys: ['u'], description: 'Resume the selected stopped run (as perfmon restart --resume RUN); no host is restarted twice', label: 'resume run', scope: pane, dangerous: true },
  { id: 'emergency.failure.retry', keys: ['r'], description: 'A host failed: run its failed step again', label: 'retry', scope: 'modal:emergency-failure', dangerous: true },
  { id: 'emergency.failure.skip', keys: ['s'], description: 'A host failed: leave it as it is, marked skipped, and go on', label: 'skip', scope: 'modal:emergency-failure', dangerous: true },
  { id: 'emergency.failure.abort', keys: ['a'], description: 'A host failed: stop the run (hosts under way finish coming back)', label: 'abort', scope: 'modal:emergency-failure', dangerous: true },
];
