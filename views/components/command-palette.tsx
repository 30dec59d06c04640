import { useMemo, useRef, useState } from 'react';
import { padEnd } from '../../src/format/text.js';
import { useAvailableCommands, useCommand, useKeyRouter, useModal, useTextCapture } from '../keys/use-command.js';
import type { PaneDef } from '../host-panes.js';
import { style } from '../theme.js';
import { Lines } from './lines.js';
import { matchEntries, paletteEntries, type PaletteEntry } from './palette-entries.js';

export type { PaletteEntry } from './palette-entries.js';

export interface CommandPaletteProps {
  width: number;
  height: number;
  panes: readonly PaneDef[];
  activePane: string;
  hosts: readonly string[];
  onChoose(entry: PaletteEntry): void;
  onClose(): void;
}

/** `:` — type a few letters of a pane or a command, Enter to go there or run it. */
export function CommandPalette({ width, height, panes, activePane, hosts, onChoose, onClose }: CommandPaletteProps) {
  useModal('palette');
  // The pane stays mounted (hidden) under a dialog, so its commands are still available here.
  const available = useAvailableCommands();
  const router = useKeyRouter();
  const entries = paletteEntries({ panes, available, commands: router.commands, activePane, hosts });
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
    const current = typed.current === query ? matches : matchEntries(entries, typed.current);
    const entry = current[typed.current === query ? selected : 0];
    if (entry) onChoose(entry);
  });
  useCommand('modal.down', () => setIndex(Math.min(matches.length - 1, selected + 1)));
  useCommand('modal.up', () => setIndex(Math.max(0, selected - 1)));
  const room = Math.max(1, height - 2);
  const top = Math.max(0, selected - room + 1);
  const keysWidth = 12;
  const lines = [
    `${style.key(':')} ${query}${style.selected(' ')}`,
    style.dim(matches.length ? `${matches.length} match${matches.length === 1 ? '' : 'es'} · ↑↓ choose · Enter run · Esc close` : 'no match · Esc close'),
    ...matches.slice(top, top + room).map((entry, i) => {
      const line = `${padEnd(entry.title, width - keysWidth - 1)} ${padEnd(entry.keys, keysWidth)}`;
      return top + i === selected ? style.selected(line) : line;
    }),
  ];
  return <Lines lines={lines} />;
}
