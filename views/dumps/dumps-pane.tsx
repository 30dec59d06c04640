import { Text } from 'ink';
import { stripVTControlCharacters } from 'node:util';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useAppConfig, type PaneProps } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { PaneFilterPrompt } from '../components/filter-prompt.js';
import { BLANK, detailWindow, scrollRoom } from '../components/list-detail.js';
import { Lines } from '../components/lines.js';
import { scrollOffset } from '../components/table.js';
import { useListNavigation } from '../components/use-list-navigation.js';
import { messageLine } from '../emergency/emergency-pane.js';
import { wrapLines } from '../emergency/observable.js';
import { useCommand } from '../keys/use-command.js';
import { useStoreSelector } from '../store/use-store.js';
import { style } from '../theme.js';
import type { JvmRef } from './capture-entries.js';
import type { DumpsDesk } from './dumps-desk.js';
import { listLines, listSizes } from './dumps-lists.js';
import { filterJvmRows, jvmRows, JVM_SORT_NAMES, sortJvmRows, type JvmRow } from './jvm-rows.js';
import { openLines } from './open-lines.js';
import { ProfileDialog, SeriesDialog } from './series-dialog.js';
import { profileFlameLines } from './profile-lines.js';
import { moveCursor, zoomIn, zoomOut, type FlameCursor } from '../components/flame-graph.js';
import { dumpsReducer, useDumpsState, type DumpsAction } from './use-dumps-state.js';

/**
 * Every JVM of the fleet with its heap, non-heap, GC and threads; on the selected one, thread
 * dumps (a series), a heap dump and class histograms, run in the DumpsDesk (they go on when
 * the operator looks elsewhere) with live progress; Enter on a capture opens its analysis.
 */
export function DumpsPane({ width, height }: PaneProps) {
  const { dumps } = useAppConfig();
  useEffect(() => dumps?.wantJvms(), [dumps]);
  if (!dumps) return <Text dimColor>Dumps need hosts to watch: perfmon --config FILE, or perfmon [user@]host…</Text>;
  return <DumpsDeskPane desk={dumps} width={width} height={height} />;
}

function jvmRef(row: JvmRow): JvmRef {
  return { host: row.host, pid: row.pid, mainClass: row.mainClass, heapUsed: row.figures?.heap?.used ?? null };
}

/** Ink gives an empty line no height: a blank that stays. */
const kept = (line: string): string => (line === '' ? BLANK : line);

function matches(filter: string, ...fields: string[]): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || fields.some((f) => f.toLowerCase().includes(needle));
}

function DumpsDeskPane({ desk, width, height }: { desk: DumpsDesk } & PaneProps) {
  const { thresholds, environment } = useAppConfig();
  const deskState = useSyncExternalStore(desk.subscribe, desk.getSnapshot);
  const hosts = useStoreSelector((s) => s.hosts);
  const readings = useStoreSelector((s) => s.platform.jvms);
  const [state, dispatchNow] = useDumpsState();
  // Keys typed together ("v" and Enter in one read) run before the next render: the handlers
  // read the state as the keys before them left it, not as it was last drawn.
  const live = useRef(state);
  live.current = state;
  const dispatch = (action: DumpsAction) => {
    live.current = dumpsReducer(live.current, action);
    dispatchNow(action);
  };
  const [series, setSeries] = useState<JvmRef | null>(null);
  const [profiling, setProfiling] = useState<JvmRef | null>(null);
  const now = Date.now();

  const all = useMemo(() => jvmRows(hosts, readings), [hosts, readings]);
  const rows = useMemo(() => filterJvmRows(sortJvmRows(all, state.sort, state.reverse), state.filter), [all, state.sort, state.reverse, state.filter]);
  // A capture found on disk does not know its main class; the JVM, if it still runs, does.
  const known = useMemo(() => deskState.captures.map((c) => (c.mainClass ? c : { ...c, mainClass: all.find((r) => r.host === c.host && r.pid === c.pid)?.mainClass ?? '' })), [deskState.captures, all]);
  const captures = useMemo(() => known.filter((c) => matches(state.filter, c.host, String(c.pid), c.mainClass)), [known, state.filter]);
  const jvmIndex = Math.max(0, rows.findIndex((r) => r.id === state.jvm));
  const capIndex = Math.max(0, captures.findIndex((c) => c.id === state.capture));
  const jvm = rows[jvmIndex];
  const capture = captures[capIndex];
  // For the handlers: the selection as the keys before them in the same read left it.
  const selectedJvm = () => rows.find((r) => r.id === live.current.jvm) ?? rows[0];
  const selectedCapture = () => captures.find((c) => c.id === live.current.capture) ?? captures[0];

  const message = deskState.message;
  const jvmHosts = new Set(all.map((r) => r.host)).size;
  const facts = [
    `${style.title('Dumps')}  ${all.length} JVM${all.length === 1 ? '' : 's'} on ${jvmHosts} host${jvmHosts === 1 ? '' : 's'}, sorted by ${JVM_SORT_NAMES[state.sort]}${state.reverse ? ' (reversed)' : ''}`,
    state.filter ? `filter ${style.key(state.filter)}: ${rows.length} of ${all.length}` : '',
  ].filter(Boolean);
  // Where the files go, whole (a path cut is a path that cannot be copied): on the title line
  // when it fits, else on a line of its own, where the terminal clips it if it must.
  const filesText = style.dim(`files: ${desk.outDir}`);
  const filesInline = stripVTControlCharacters(facts.join('  ')).length + 2 + stripVTControlCharacters(filesText).length <= width;
  const room = height - 1 - (filesInline ? 0 : 1) - (message ? 1 : 0) - (state.filtering ? 1 : 0);
  const sizes = listSizes(room, captures.length);
  const jvmOffset = useRef(0);
  const capOffset = useRef(0);
  jvmOffset.current = scrollOffset(rows.length, sizes.jvms, jvmIndex, jvmOffset.current);
  capOffset.current = scrollOffset(captures.length, sizes.captures, capIndex, capOffset.current);

  const open = state.open;
  const opened = useMemo(
    () => (open === null ? null : openLines(open, { rows: all, captures: known, analyses: deskState.analyses, width, thresholds, now })),
    // Without `now`: a running series' countdown moves with the store's ticks, which redraw anyway.
    [open, all, known, deskState.analyses, width, thresholds],
  );
  const openRoom = Math.max(1, height - 1);
  // An open profile shows its flame graph (i: its report, the text view of the other captures).
  const openAnalysis = open?.kind === 'capture' ? deskState.analyses[open.id] : undefined;
  const profile = openAnalysis !== undefined && openAnalysis !== 'loading' && openAnalysis.kind === 'profile' ? openAnalysis.analysis : null;
  const flameOpen = profile !== null && state.profile.mode === 'flame';
  const flameTree = profile === null ? null : state.profile.flame === 'cpu' ? profile.cpuFlame : profile.allocationFlame;
  const setCursor = (cursor: FlameCursor) => dispatch({ type: 'profileView', change: { cursor } });
  const depth = state.profile.cursor.selected.length - state.profile.cursor.zoom.length;
  useEffect(() => {
    if (open?.kind === 'capture') void desk.analyze(open.id);
  }, [desk, open, deskState.captures]);

  // The movement keys scroll what is open, else move in the focused list.
  const maxScroll = Math.max(0, (opened?.body.length ?? 0) - scrollRoom(opened?.body.length ?? 0, openRoom));
  // Steps from the drawn depth, applied to the cursor as the keys before them in this read left it.
  const flameNav = (to: number) => {
    if (flameTree === null) return;
    let cursor = live.current.profile.cursor;
    const steps = to - depth;
    for (let i = 0; i < Math.abs(steps); i++) cursor = moveCursor(flameTree, cursor, steps > 0 ? 'deeper' : 'shallower');
    setCursor(cursor);
  };
  const nav = flameOpen
    ? { count: depth + 2, index: depth, page: Math.max(2, height - 4), go: flameNav }
    : open !== null
      ? { count: maxScroll + 1, index: Math.min(state.scroll, maxScroll), page: openRoom, go: (to: number) => dispatch({ type: 'scroll', to }) }
      : state.focus === 'jvms'
        ? { count: rows.length, index: jvmIndex, page: sizes.jvms, go: (i: number) => dispatch({ type: 'selectJvm', id: rows[i]?.id ?? null }) }
        : { count: captures.length, index: capIndex, page: sizes.captures, go: (i: number) => dispatch({ type: 'selectCapture', id: captures[i]?.id ?? null }) };
  useListNavigation(nav.count, nav.index, nav.page, nav.go);

  const inList = open === null ? null : 'not in this view (Esc goes back)';
  const onJvms = inList ?? (state.focus === 'jvms' ? null : 'the JVM list is not focused (v)');
  useCommand('list.sort', () => dispatch({ type: 'sort' }), onJvms);
  useCommand('list.reverse', () => dispatch({ type: 'reverse' }), onJvms);
  useCommand('list.filter', () => dispatch({ type: 'startFilter' }), inList);
  useCommand('pane.dumps.focus', () => dispatch({ type: 'focus' }), inList);
  useCommand('list.back', () => {
    if (flameOpen && flameTree !== null) {
      const out = zoomOut(flameTree, live.current.profile.cursor);
      if (out !== null) return setCursor(out);
    }
    return live.current.open !== null || live.current.filter ? dispatch({ type: 'back' }) : false;
  });
  useCommand('list.open', () => {
    const now = live.current;
    if (flameOpen && flameTree !== null) return setCursor(zoomIn(flameTree, now.profile.cursor));
    if (now.open !== null) return false;
    const row = now.focus === 'jvms' ? selectedJvm() : selectedCapture();
    if (!row) return false;
    return dispatch({ type: 'open', view: { kind: now.focus === 'jvms' ? 'jvm' : 'capture', id: row.id } });
  });

  const noJvm = jvm ? null : 'no JVM selected';
  const started = (id: string | null) => id !== null && dispatch({ type: 'selectCapture', id });
  const onJvm = (act: (ref: JvmRef) => void) => () => {
    const row = selectedJvm();
    if (row) act(jvmRef(row));
  };
  useCommand('pane.dumps.thread', onJvm(setSeries), desk.refusal('dump-thread') ?? noJvm);
  useCommand('pane.dumps.heap', onJvm((ref) => started(desk.takeHeapDump(ref))), desk.refusal('dump-heap') ?? noJvm);
  useCommand('pane.dumps.histogram', onJvm((ref) => started(desk.takeClassHistogram(ref))), desk.refusal('dump-heap') ?? noJvm);
  useCommand('pane.dumps.profile', onJvm(setProfiling), desk.refusal('dump-thread') ?? noJvm);
  const noFlame = flameOpen ? null : 'only in a profile’s flame graph (Enter on a JFR profile)';
  const noProfile = profile !== null ? null : 'only in an open JFR profile (Enter on one)';
  const sibling = (move: 'next' | 'previous') => () => {
    if (flameTree !== null) setCursor(moveCursor(flameTree, live.current.profile.cursor, move));
  };
  useCommand('pane.dumps.flameNext', sibling('next'), noFlame);
  useCommand('pane.dumps.flamePrevious', sibling('previous'), noFlame);
  useCommand('pane.dumps.flameKind', () => dispatch({ type: 'profileView', change: { flame: live.current.profile.flame === 'cpu' ? 'alloc' : 'cpu', cursor: { zoom: [], selected: [] }, mode: 'flame' } }), noProfile);
  useCommand('pane.dumps.profileReport', () => dispatch({ type: 'profileView', change: { mode: live.current.profile.mode === 'flame' ? 'report' : 'flame' } }), noProfile);
  useCommand('pane.dumps.flameExport', () => open?.kind === 'capture' && void desk.exportFlame(open.id, live.current.profile.flame), noProfile);
  const stoppable = capture && (capture.state === 'running' || capture.state === 'confirm') && state.focus === 'captures';
  useCommand('pane.dumps.cancel', () => desk.cancel(selectedCapture()?.id ?? ''), stoppable ? null : 'select a running capture (v moves to the captures)');
  const resumable = capture?.resumable && capture.state !== 'running' && state.focus === 'captures';
  useCommand('pane.dumps.resume', () => desk.resume(selectedCapture()?.id ?? ''), resumable ? null : 'select an interrupted heap dump fetch (v moves to the captures)');

  const confirm = deskState.confirms[0];
  if (confirm) {
    return (
      <ConfirmDialog
        key={confirm.id}
        title={confirm.title}
        preview={wrapLines(confirm.preview, width)}
        confirmText={confirm.confirmText}
        environment={environment}
        width={width}
        height={height}
        onConfirm={() => desk.answer(confirm.id, true)}
        onCancel={() => desk.answer(confirm.id, false)}
      />
    );
  }
  if (series) {
    const start = (count: number, every: number) => {
      setSeries(null);
      dispatch({ type: 'series', count, every });
      started(desk.takeThreadDumps(series, count, every));
    };
    return <SeriesDialog jvm={series} initial={state.series} width={width} onStart={start} onCancel={() => setSeries(null)} />;
  }
  if (profiling) {
    const start = (seconds: number) => {
      setProfiling(null);
      dispatch({ type: 'profileSeconds', seconds });
      started(desk.takeProfile(profiling, seconds));
    };
    return <ProfileDialog jvm={profiling} initial={state.profileSeconds} width={width} onStart={start} onCancel={() => setProfiling(null)} />;
  }
  if (flameOpen && opened !== null) {
    const title = `${opened.title}  ${style.dim('Esc back')}`;
    const notice = message ? [messageLine(message)] : [];
    return <Lines lines={[title, ...notice, ...profileFlameLines(profile, state.profile, width, height - 1 - notice.length)].map(kept)} />;
  }
  if (opened !== null) {
    const title = `${opened.title}  ${style.dim('Esc back')}`;
    return <Lines lines={[title, ...detailWindow(opened.body, state.scroll, openRoom).map(kept)]} />;
  }

  const hostsRead = hosts.filter((h) => h.snapshot !== null).length;
  const empty =
    hosts.length === 0 ? 'No hosts to watch.' : hostsRead === 0 ? 'Waiting for the first reading of the hosts…' : `No JVM runs on the ${hostsRead} host${hostsRead === 1 ? '' : 's'} read (every user's java processes, from /proc).`;
  const summary = filesInline ? [...facts, filesText] : facts;
  const lines = listLines({
    width,
    thresholds,
    sort: state.sort,
    reverse: state.reverse,
    focus: state.focus,
    rows,
    empty: state.filter && all.length > 0 ? `No JVM matches the filter ${state.filter}.` : empty,
    jvm: { index: jvmIndex, offset: jvmOffset.current, height: sizes.jvms },
    captures,
    capture: { index: capIndex, offset: capOffset.current, height: sizes.captures },
    now,
  });
  return (
    <>
      <Text wrap="truncate-end">{summary.join('  ')}</Text>
      {!filesInline && <Text wrap="truncate-end">{filesText}</Text>}
      {message && <Text wrap="truncate-end">{messageLine(message)}</Text>}
      <Lines lines={lines.map(kept)} />
      <PaneFilterPrompt state={state} dispatch={dispatch} width={width} />
    </>
  );
}
