import { useMemo, useRef, useState } from 'react';
import { padEnd } from '../../src/format/text.js';
import { pastMoment } from '../../src/format/moment.js';
import { parseTime } from '../../src/model/parse-time.js';
import { useAvailableCommands, useCommand, useKeyRouter, useModal, useTextCapture } from '../keys/use-command.js';
import type { PaneDef } from '../host-panes.js';
import { style } from '../theme.js';
import { Lines } from './lines.js';
import { matchEntries, paletteEntries, type PaletteEntry, type RunbookEntry } from './palette-entries.js';

export type { PaletteEntry } from './palette-entries.js';

export interface CommandPaletteProps {
  width: number;
  height: number;
  panes: readonly PaneDef[];
  activePane: string;
  hosts: readonly string[];
  runbooks?: readonly RunbookEntry[];
  onChoose(entry: PaletteEntry): void;
  /** `at TIME` typed and Enter: the moment to replay (ms since 1970). */
  onTime?(at: number): void;
  onClose(): void;
}

/** `at 03:12`, `at -15m`, `at 2026-11-30 14:00`: the moment meant, or why the text is not one; null when it is no `at`. */
export function paletteTime(query: string, now = Date.now()): { at: number } | { error: string } | null {
  const m = /^at(?:\s+(.*))?$/i.exec(query.trim());
  if (!m) return null;
  if (!m[1]) return { error: 'at TIME: 03:12, -15m or 2026-11-30 14:00' };
  try {
    return { at: parseTime(m[1], now) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** `:` — type a few letters of a pane or a command, Enter to go there or run it. */
export function CommandPalette({ width, height, panes, activePane, hosts, runbooks, onChoose, onTime, onClose }: CommandPaletteProps) {
  useModal('palette');
  // The pane stays mounted (hidden) under a dialog, so its commands are still available here.
  const available = useAvailableCommands();
  const router = useKeyRouter();
  const entries = paletteEntries({ panes, available, commands: router.commands, activePane, hosts, ...(runbooks ? { runbooks } : {}) });
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  // The query also lives in a ref: "proc" and Enter can arrive in one chunk, before a render.
  const typed = useRef('');
  const matches = useMemo(() => matchEntries(entries, query), [entries, query]);
  const selected = Math.min(index, Math.max(0, matches.length - 1));
  const edit = (next: string) => {
    typed.current = next;
    setQuery(next);
    setIndex(0);
  };
  useTextCapture('palette', { onText: (text) => edit(typed.current + text), onBackspace: () => edit(typed.current.slice(0, -1)) });
  useCommand('modal.close', onClose);
  useCommand('modal.clearText', () => edit(''));
  useCommand('modal.accept', () => {
    const time = onTime ? paletteTime(typed.current) : null;
    if (time) {
      if ('at' in time) onTime?.(time.at);
      return;
    }
    const current = typed.current === query ? matches : matchEntries(entries, typed.current);
    const entry = current[typed.current === query ? selected : 0];
    if (entry) onChoose(entry);
  });
  useCommand('modal.down', () => setIndex(Math.min(matches.length - 1, selected + 1)));
  useCommand('modal.up', () => setIndex(Math.max(0, selected - 1)));
  const room = Math.max(1, height - 2);
  const top = Math.max(0, selected - room + 1);
  const keysWidth = 12;
  const time = onTime ? paletteTime(query) : null;
  const status =
    time ? ('at' in time ? `Enter: replay ${pastMoment(time.at)} from history · Esc close` : time.error)
    : matches.length ? `${matches.length} match${matches.length === 1 ? '' : 'es'} · ↑↓ choose · Enter run · Esc close${onTime ? ' · at TIME: replay' : ''}`
    : 'no match · Esc close';
  const lines = [
    `${style.key(':')} ${query}${style.selected(' ')}`,
    time && 'error' in time ? style.warn(status) : style.dim(status),
    ...matches.slice(top, top + room).map((entry, i) => {
      const line = `${padEnd(entry.title, width - keysWidth - 1)} ${padEnd(entry.keys, keysWidth)}`;
      return top + i === selected ? style.selected(line) : line;
    }),
  ];
  return <Lines lines={lines} />;
}
