import type { CommandSpec } from '../keys/commands.js';

const pane = 'pane:dumps' as const;

/**
 * The Dumps pane's keys. The captures are `dangerous`: they attach to a production JVM (a heap
 * dump and a class histogram pause it), so --read-only and readOnly: true hide them; an
 * inventory whose `actions` leave out dump-thread or dump-heap disables them with the reason.
 */
export const DUMPS_COMMANDS: readonly CommandSpec[] = [
  { id: 'pane.dumps.focus', keys: ['v'], description: 'Move between the JVM list and the captures list', label: 'jvms/captures', scope: pane },
  {
    id: 'pane.dumps.thread',
    keys: ['t'],
    description: 'Thread dumps of the selected JVM: a dialog for how many and how far apart (default 3 × 10 s), then jcmd Thread.print -l as the JVM’s owner',
    label: 'thread dump',
    scope: pane,
    dangerous: true,
  },
  {
    id: 'pane.dumps.heap',
    keys: ['h'],
    description: 'Heap dump of the selected JVM: free space checked, the plan and the pause shown, the host’s name typed to go ahead; fetched and verified',
    label: 'heap dump',
    scope: pane,
    dangerous: true,
  },
  {
    id: 'pane.dumps.histogram',
    keys: ['c'],
    description: 'Class histogram of the selected JVM (a full GC first, confirmed); a second one of the same JVM shows which classes grew',
    label: 'histogram',
    scope: pane,
    dangerous: true,
  },
  {
    id: 'pane.dumps.profile',
    keys: ['f'],
    description: 'JFR profile of the selected JVM: a dialog for how long (default 30 s), then jcmd JFR.start settings=profile as the JVM’s owner; fetched, verified, analysed (flame graph)',
    label: 'profile',
    scope: pane,
    dangerous: true,
  },
  { id: 'pane.dumps.flameNext', keys: ['right'], description: 'Flame graph: the next frame of the same caller', scope: pane, palette: false },
  { id: 'pane.dumps.flamePrevious', keys: ['left'], description: 'Flame graph: the previous frame of the same caller', scope: pane, palette: false },
  { id: 'pane.dumps.flameKind', keys: ['a'], description: 'Profile: switch the flame graph between CPU samples and allocated bytes', label: 'cpu/alloc', scope: pane },
  { id: 'pane.dumps.profileReport', keys: ['i'], description: 'Profile: switch between the flame graph and the report (hot methods, allocations, locks, slow I/O, GC)', label: 'graph/report', scope: pane },
  { id: 'pane.dumps.flameExport', keys: ['e'], description: 'Profile: write the flame graph beside the recording as folded stacks and a self-contained SVG', label: 'export', scope: pane },
  { id: 'pane.dumps.cancel', keys: ['x'], description: 'Stop the selected capture (a heap dump’s interrupted fetch can be completed later with r)', scope: pane },
  { id: 'pane.dumps.resume', keys: ['r'], description: 'Complete the selected interrupted heap dump fetch (the remote file was kept)', scope: pane, dangerous: true },
];
