/**
 * What the command palette offers and how a query finds it: every pane, the commands usable
 * here, every action of the other panes (choosing one goes to its pane and runs it there), and
 * "go to host NAME" in the fleet. A query matches by words — each word typed must begin a word
 * of the entry — so `restart` finds the rolling restart and `heap` a heap dump, never "Filter
 * the rows" or "Pause" by scattered letters.
 */
import { layerOf, type CommandSpec } from '../keys/commands.js';
import { displayKey } from '../keys/key-names.js';
import type { AvailableCommand } from '../keys/key-router.js';
import { paneDigit, type PaneDef } from '../host-panes.js';

export type PaletteAction =
  | { kind: 'pane'; id: string }
  | { kind: 'command'; id: string }
  | { kind: 'paneCommand'; pane: string; id: string }
  | { kind: 'host'; name: string }
  | { kind: 'runbook'; component: string; name: string };

/** A component's runbook command, as the palette offers it. */
export interface RunbookEntry {
  component: string;
  name: string;
  description: string | undefined;
  changes: boolean;
}

export interface PaletteEntry {
  /** A short name searched first: the pane's title, the command's footer label, the host's name. */
  name: string;
  /** What is shown (and searched too): "Go to Processes", "Emergency: Rolling restart of …". */
  title: string;
  keys: string;
  action: PaletteAction;
}

export interface PaletteSources {
  panes: readonly PaneDef[];
  /** The commands with a handler now (the shown pane's, the lists', the global ones). */
  available: readonly AvailableCommand[];
  /** Every command of the registry this session may use (read-only has no dangerous one). */
  commands: readonly CommandSpec[];
  activePane: string;
  /** The fleet's hosts (none when watching this machine). */
  hosts: readonly string[];
  /** The components' runbook commands (read-only mode leaves out those that change hosts). */
  runbooks?: readonly RunbookEntry[];
}

export function paletteEntries({ panes, available, commands, activePane, hosts, runbooks = [] }: PaletteSources): PaletteEntry[] {
  const paneEntries = panes.map((p): PaletteEntry => ({ name: p.title, title: `Go to ${p.title}`, keys: paneDigit(p.id, panes), action: { kind: 'pane', id: p.id } }));
  const here = available
    .filter((a) => a.spec.palette !== false && a.disabledReason === null && layerOf(a.spec.scope) !== 'modal')
    .map((a): PaletteEntry => ({ name: nameOf(a.spec), title: a.spec.description, keys: keysOf(a.spec), action: { kind: 'command', id: a.spec.id } }));
  const elsewhere = panes.flatMap((pane) =>
    pane.id === activePane
      ? []
      : commands
          .filter((spec) => spec.scope === `pane:${pane.id}` && spec.palette !== false)
          .map((spec): PaletteEntry => ({ name: nameOf(spec), title: `${pane.title}: ${spec.description}`, keys: `${paneDigit(pane.id, panes)} ${keysOf(spec)}`.trim(), action: { kind: 'paneCommand', pane: pane.id, id: spec.id } })),
  );
  const hostEntries = hosts.map((name): PaletteEntry => ({ name, title: `Go to host ${name}`, keys: '', action: { kind: 'host', name } }));
  const runbookEntries = runbooks.map(
    (r): PaletteEntry => ({
      name: r.name,
      title: `Runbook: ${r.component} ${r.name}${r.changes ? ' (changes hosts: previewed, confirmed)' : ''}${r.description ? ` — ${r.description}` : ''}`,
      keys: '',
      action: { kind: 'runbook', component: r.component, name: r.name },
    }),
  );
  return [...paneEntries, ...here, ...elsewhere, ...hostEntries, ...runbookEntries];
}

function nameOf(spec: CommandSpec): string {
  return spec.label ?? spec.id.split('.').at(-1) ?? '';
}

function keysOf(spec: CommandSpec): string {
  return spec.keys.map(displayKey).join(' ');
}

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** 0: the name begins with the query; 1: every word typed begins a word of the name; 2: of the title; null: no match. */
function rank(entry: PaletteEntry, query: string, typed: readonly string[]): number | null {
  if (entry.name.toLowerCase().startsWith(query)) return 0;
  const begins = (words: readonly string[]) => typed.every((t) => words.some((w) => w.startsWith(t)));
  const name = wordsOf(entry.name);
  if (begins(name)) return 1;
  return begins([...name, ...wordsOf(entry.title)]) ? 2 : null;
}

/** The entries a query finds, best first (in their own order within a rank); all for an empty query. */
export function matchEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...entries];
  const typed = wordsOf(q);
  if (typed.length === 0) return [];
  return entries
    .map((entry, index) => ({ entry, index, rank: rank(entry, q, typed) }))
    .filter((m): m is { entry: PaletteEntry; index: number; rank: number } => m.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((m) => m.entry);
}
