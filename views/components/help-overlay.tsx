import { useMemo, useState } from 'react';
import { padEnd, wrapWords } from '../../src/format/text.js';
import type { CommandSpec } from '../keys/commands.js';
import { displayKey } from '../keys/key-names.js';
import { useAvailableCommands, useCommand, useKeyRouter, useModal } from '../keys/use-command.js';
import type { PaneDef } from '../host-panes.js';
import { style } from '../theme.js';
import { Lines } from './lines.js';

const KEYS_WIDTH = 16;

/** One case for every heading: what it is, then where ("Pane: Trends", "Dialog: emergency failure"). */
function groupTitle(scope: string, panes: readonly PaneDef[], activePane: string): string {
  if (scope === 'global') return 'Everywhere';
  if (scope === 'list') return 'Lists (every pane with rows)';
  if (scope === 'modal') return 'Dialogs';
  if (scope.startsWith('modal:')) return `Dialog: ${scope.slice(6).replace(/-/g, ' ')}`;
  const id = scope.slice(5);
  const title = panes.find((p) => p.id === id)?.title ?? id;
  return id === activePane ? `This pane: ${title}` : `Pane: ${title}`;
}

/** A pane's keys and its dialogs' (`modal:emergency-failure` is the Emergency pane's) only where that pane exists. */
function shownHere(scope: string, panes: readonly PaneDef[]): boolean {
  const owner = scope.startsWith('pane:') ? scope.slice(5) : scope.startsWith('modal:') ? scope.slice(6).split('-')[0]! : null;
  if (owner === null || owner === 'help') return true;
  return panes.some((p) => p.id === owner);
}

/**
 * Every key perfmon answers to, generated from the registry (no hand-written help), grouped by
 * where it applies; commands that can't run here say why, dangerous ones are marked. Keys
 * wider than their column get a line of their own, so they never run into the description.
 */
export function helpLines(commands: readonly CommandSpec[], disabled: ReadonlyMap<string, string>, panes: readonly PaneDef[], activePane: string, width: number): string[] {
  const order = (scope: string) => (scope === `pane:${activePane}` ? 0 : scope === 'list' ? 1 : scope === 'global' ? 2 : scope.startsWith('pane:') ? 3 : 4);
  const scopes = [...new Set(commands.map((c) => c.scope))].filter((scope) => shownHere(scope, panes)).sort((a, b) => order(a) - order(b));
  const lines: string[] = [];
  const indent = ' '.repeat(KEYS_WIDTH + 3);
  for (const scope of scopes) {
    lines.push(style.title(groupTitle(scope, panes, activePane)));
    for (const c of commands.filter((x) => x.scope === scope)) {
      const keys = c.keys.map(displayKey).join(' ');
      const notes = [c.dangerous ? '[changes hosts]' : '', disabled.has(c.id) ? `(unavailable here: ${disabled.get(c.id)})` : ''].filter(Boolean).join(' ');
      const text = wrapWords(`${c.description}${notes ? ` ${notes}` : ''}`, Math.max(10, width - indent.length));
      const own = keys.length > KEYS_WIDTH;
      if (own) lines.push(`  ${style.key(keys)}`);
      text.forEach((t, i) => lines.push(i === 0 && !own ? `  ${style.key(padEnd(keys, KEYS_WIDTH))} ${t}` : `${indent}${t}`));
    }
  }
  return lines;
}

export function HelpOverlay({ width, height, panes, activePane, onClose }: { width: number; height: number; panes: readonly PaneDef[]; activePane: string; onClose(): void }) {
  useModal('help');
  const router = useKeyRouter();
  const available = useAvailableCommands();
  const lines = useMemo(() => {
    const disabled = new Map(available.filter((a) => a.disabledReason).map((a) => [a.spec.id, a.disabledReason ?? '']));
    return helpLines(router.commands, disabled, panes, activePane, width);
  }, [router, available, panes, activePane, width]);
  const [top, setTop] = useState(0);
  const room = height - 1;
  const scroll = (by: number) => setTop((t) => Math.max(0, Math.min(Math.max(0, lines.length - room), t + by)));
  useCommand('modal.close', onClose);
  useCommand('help.close', onClose);
  useCommand('modal.down', () => scroll(1));
  useCommand('modal.up', () => scroll(-1));
  useCommand('modal.pageDown', () => scroll(room - 1));
  useCommand('modal.pageUp', () => scroll(-(room - 1)));
  const more = lines.length > room ? `  lines ${top + 1}–${Math.min(lines.length, top + room)} of ${lines.length}, ↓↑ PgDn PgUp scroll` : '';
  return <Lines lines={[`${style.title('Keys')}${style.dim(`  Esc or ? closes${more}`)}`, ...lines.slice(top, top + room)]} />;
}
