import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { helpLines } from '../../views/components/help-overlay.js';
import { commandsFor } from '../../views/keys/commands.js';
import { FLEET_PANES, HOST_PANES } from '../../views/panes.js';

const help = (panes: typeof HOST_PANES, active: string, width = 80) => helpLines(commandsFor(false), new Map(), panes, active, width).map((l) => stripVTControlCharacters(l));

describe('the help', () => {
  it('watching this machine, lists only the panes there are (no Fleet, Database, Emergency or Dumps keys, nor their dialogs)', () => {
    const lines = help(HOST_PANES, 'overview');
    const headings = lines.filter((l) => !l.startsWith(' '));
    expect(headings).toEqual(['This pane: Overview', 'Lists (every pane with rows)', 'Everywhere', 'Pane: Trends', 'Pane: Processes', 'Dialogs', 'Dialog: help']);
    const fleet = help(FLEET_PANES, 'fleet').filter((l) => !l.startsWith(' '));
    expect(fleet).toEqual(expect.arrayContaining(['This pane: Fleet', 'Pane: Emergency', 'Pane: Dumps', 'Pane: Database', 'Dialog: emergency failure']));
  });

  it('never runs keys into their description: keys wider than their column get a line of their own', () => {
    const lines = help(HOST_PANES, 'overview');
    const digits = lines.findIndex((l) => l.includes('1 2 3 4 5 6 7 8 9 0'));
    expect(lines[digits]!.trim()).toBe('1 2 3 4 5 6 7 8 9 0');
    expect(lines[digits + 1]).toMatch(/^ {19}Go to pane N/);
    for (const line of lines.filter((l) => /^ {2}\S/.test(l) && l.trim() !== '1 2 3 4 5 6 7 8 9 0')) expect(line).toMatch(/^ {2}.{16} \S/);
  });
});
