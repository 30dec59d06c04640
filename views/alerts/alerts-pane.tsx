import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { BoardAlert, BoardSources } from '../../src/alerts/alert-board.js';
import { defaultStoreDir } from '../../src/history/history-command.js';
import { useAppConfig, useUiActions, useUiState, type PaneProps } from '../app-context.js';
import { Lines } from '../components/lines.js';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';
import { boardLines, boardOrder, detailLines } from './alert-lines.js';
import { IncidentsView } from './incidents-view.js';
import { useAlertBoard } from './use-alert-board.js';

const firing = (alerts: readonly BoardAlert[]) => alerts.filter((a) => a.state === 'firing').length;

const NO_SOURCES: Omit<BoardSources, 'store'> = { rules: [], maintenance: { windows: [], componentHosts: new Map() } };

/**
 * The alerts as the recorder stored them (at the time cursor's moment when replaying): Critical,
 * Warning, Resolved, Scheduled maintenance. a acks the selected alert (a note is asked), s
 * silences alerts like it for 1 h, o opens its host, Enter its detail (chart with the threshold,
 * runbook, related alerts), i the incidents.
 */
export function AlertsPane({ width, height }: PaneProps) {
  const config = useAppConfig();
  const ui = useUiState();
  const actions = useUiActions();
  const store = config.historyDir ?? defaultStoreDir();
  const sources = useMemo<BoardSources>(() => ({ store, ...(config.alerts ?? NO_SOURCES) }), [store, config.alerts]);
  const { board, problem, reload, series } = useAlertBoard(store, sources, ui.replayAt);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState(false);
  const [asking, setAsking] = useState(false);
  const [incidents, setIncidents] = useState(false);
  const order = useMemo(() => (board ? boardOrder(board) : []), [board]);
  const index = Math.max(0, order.findIndex((a) => a.id === selected));
  const current: BoardAlert | undefined = order[index];
  useEffect(() => {
    if (current && current.id !== selected) setSelected(current.id);
  }, [current, selected]);
  const move = (by: number) => {
    if (order.length === 0) return false;
    setSelected(order[Math.min(order.length - 1, Math.max(0, index + by))]!.id);
    return true;
  };
  const replaying = ui.replayAt !== null ? 'acts on the present: go live first (. or Esc)' : null;
  const audit = config.alerts?.audit ?? null;
  const why = (a: BoardAlert | undefined, what: string) => replaying ?? (!audit ? `${what} needs the inventory's audit log (fleet mode)` : !a ? 'no alert selected' : a.state === 'resolved' ? `a resolved alert needs no ${what}` : null);
  const ackReason = why(current, 'ack');
  const silenceReason = why(current, 'silence');
  useCommand('list.down', () => !detail && !incidents && move(1));
  useCommand('list.up', () => !detail && !incidents && move(-1));
  useCommand('list.open', () => {
    if (!current || detail || incidents) return false;
    setDetail(true);
    return true;
  });
  useCommand('list.back', () => {
    if (detail) return void setDetail(false);
    if (incidents) return void setIncidents(false);
    return false;
  });
  useCommand('pane.alerts.incidents', () => setIncidents((on) => !on));
  useCommand('pane.alerts.host', () => {
    const host = current?.labels['host'];
    if (!host) return actions.flash('o: this alert names no host');
    actions.selectHost(host);
    actions.gotoPane('overview');
  }, current?.labels['host'] ? null : 'the selected alert names no host');
  useCommand('pane.alerts.ack', () => setAsking(true), ackReason);
  useCommand('pane.alerts.silence', () => {
    if (!current || !audit) return;
    const matchers: Record<string, string> = { alertname: current.rule };
    for (const label of ['host', 'component']) if (current.labels[label]) matchers[label] = current.labels[label]!;
    void import('../../src/alerts/silence-command.js')
      .then(({ addAuditedSilence }) => addAuditedSilence(store, matchers, 3600, `from the Alerts pane: like ${current.id}`, audit))
      .then(
        (s) => {
          actions.flash(`silence ${s.id} for 1h: ${Object.entries(matchers).map(([k, v]) => `${k}=${v}`).join(' ')}`);
          reload();
        },
        (e: unknown) => actions.flash(`silence: ${(e as Error).message}`),
      );
  }, silenceReason);

  const ack = (note: string) => {
    setAsking(false);
    if (!current || !audit) return;
    void import('../../src/alerts/ack-command.js')
      .then(({ ackAlert }) => ackAlert(store, current, { note }, audit))
      .then(
        (a) => {
          actions.flash(`acked ${current.rule}${current.labels['host'] ? ` on ${current.labels['host']}` : ''} until ${a.expiresAt.slice(11, 16)}Z`);
          reload();
        },
        (e: unknown) => actions.flash(`ack: ${(e as Error).message}`),
      );
  };

  const [chart, setChart] = useState<{ id: string; t: number[]; v: number[] } | null>(null);
  useEffect(() => {
    if (!detail || !current) return;
    let stopped = false;
    void series(current, Math.max(10, width - 10)).then((s) => !stopped && setChart(s ? { id: current.id, ...s } : null));
    return () => void (stopped = true);
  }, [detail, current, series, width]);

  const title = `${style.title('Alerts')}${ui.replayAt !== null ? style.dim(' as they were at the moment shown') : ''}${board ? style.dim(` · firing ${firing(board.critical)} critical, ${firing(board.warning)} warning · read from ${store}`) : ''}`;
  if (!board) return <Lines lines={[title, problem ?? 'reading the alerts…']} />;
  if (incidents) return <IncidentsView board={board} store={store} width={width} height={height} />;
  if (detail && current) return <Lines lines={[title, ...detailLines(current, board, chart?.id === current.id ? chart : null, width, height - 1)]} />;
  const { lines, selectedLine } = boardLines(board, current?.id ?? null, width);
  const room = Math.max(1, height - 1 - (asking ? 1 : 0));
  const top = Math.max(0, Math.min(selectedLine - Math.floor(room / 2), lines.length - room));
  return (
    <Box flexDirection="column">
      <Lines lines={[title, ...lines.slice(top, top + room)]} />
      {asking && current && <AckPrompt alert={current} width={width} onDone={(note) => (note === null ? setAsking(false) : ack(note))} />}
    </Box>
  );
}

/** The note asked before an ack: Enter acks (an empty note is fine), Esc does not. */
function AckPrompt({ alert, width, onDone }: { alert: BoardAlert; width: number; onDone: (note: string | null) => void }) {
  const [note, setNote] = useState('');
  useModal('ack');
  useTextCapture('ack', { onText: (t) => setNote((n) => n + t), onBackspace: () => setNote((n) => n.slice(0, -1)) });
  useCommand('modal.accept', () => onDone(note));
  useCommand('modal.close', () => onDone(null));
  useCommand('modal.clearText', () => setNote(''));
  const lead = `ack ${alert.rule}${alert.labels['host'] ? ` on ${alert.labels['host']}` : ''}, note: `;
  const hint = '  Enter ack · Esc cancel';
  return (
    <Text>
      {style.key(lead)}
      {note.slice(-Math.max(1, width - lead.length - hint.length - 2))}
      <Text inverse> </Text>
      {style.dim(hint)}
    </Text>
  );
}
