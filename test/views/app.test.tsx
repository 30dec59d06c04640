import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { capturedSnapshot, KEYS, renderApp, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const withCpu = (usage: number): HostSnapshot => {
  const s = capturedSnapshot();
  return { ...s, time: new Date().toISOString(), cpu: { ...s.cpu, usage, user: usage, system: 0 } };
};

describe('the shell', () => {
  it('draws the header with the host and tabs, the overview, and a footer generated from the registry', async () => {
    app = await renderApp();
    const lines = app.frame().split('\n');
    expect(lines[0]).toMatch(/^perfmon {2}vm {2}every 1s/);
    expect(lines[0]).toContain('2 Overview 3 Trends 4 Processes');
    expect(app.frame()).toMatch(/^CPU /m);
    expect(app.frame()).toMatch(/^MEM /m);
    expect(lines.at(-1)).toMatch(/\? help/);
    expect(lines.at(-1)).toMatch(/q quit/);
  });

  it('switches panes with Tab, Shift-Tab and digits', async () => {
    app = await renderApp();
    await app.press(KEYS.tab);
    expect(app.frame()).toMatch(/CPU {2}busy now/);
    await app.press('4');
    expect(app.frame()).toMatch(/^Processes {2}top by CPU and memory/m);
    await app.press(KEYS.shiftTab);
    expect(app.frame()).toMatch(/CPU {2}busy now/);
    await app.press('2');
    expect(app.frame()).toMatch(/^MEM /m);
  });

  it('ignores a digit with no pane behind it', async () => {
    app = await renderApp();
    await app.press('9');
    expect(app.frame()).toMatch(/^MEM /m);
  });

  it('opens the help with ?, listing every group of commands, and closes it with Esc', async () => {
    app = await renderApp();
    await app.press('?');
    const help = app.frame();
    expect(help).toContain('This pane: Overview');
    expect(help).toContain('Everywhere');
    expect(help).toMatch(/q\s+Quit perfmon/);
    expect(help).toMatch(/\/\s+Filter the rows/);
    await app.press(KEYS.esc);
    expect(app.frame()).not.toContain('This pane: Overview');
    expect(app.frame()).toMatch(/^CPU /m);
  });

  it('scrolls the help when it is longer than the screen', async () => {
    app = await renderApp();
    await app.press('?');
    expect(app.frame()).toMatch(/lines 1–\d+ of \d+/);
    await app.press('j', 'j');
    expect(app.frame()).toMatch(/lines 3–\d+ of \d+/);
  });

  it('jumps to a pane from the palette by fuzzy name', async () => {
    app = await renderApp();
    await app.press(':');
    expect(app.frame()).toContain('Go to Trends');
    await app.press(...'proc');
    expect(app.frame().split('\n')[3]).toMatch(/^Go to Processes +4/);
    await app.press(KEYS.enter);
    expect(app.frame()).toMatch(/^Processes {2}top by CPU/m);
  });

  it('matches whole-word beginnings only: no scattered letters', async () => {
    app = await renderApp();
    await app.press(':', ...'heap');
    expect(app.frame()).toContain('no match');
    expect(app.frame()).not.toContain('Pause');
    await app.press(KEYS.esc, '4', ':', ...'filter');
    expect(app.frame().split('\n')[3]).toMatch(/^Filter the rows/);
    await app.press(KEYS.esc, ':', ...'xyz');
    expect(app.frame()).toContain('no match');
  });

  it('runs a command from the palette', async () => {
    app = await renderApp();
    await app.press(':', ...'pause');
    await app.press(KEYS.enter);
    expect(app.frame().split('\n')[0]).toContain('PAUSED');
  });

  it('freezes the picture on p (the header says PAUSED) and catches up on p again', async () => {
    app = await renderApp();
    await app.press('p');
    expect(app.frame().split('\n')[0]).toContain('PAUSED');
    app.store.record(withCpu(97));
    await app.press('');
    expect(app.frame()).not.toContain('97%');
    await app.press('p');
    expect(app.frame().split('\n')[0]).not.toContain('PAUSED');
    expect(app.frame()).toMatch(/✖ ?97%/);
  });

  it('flashes why a key does nothing where its command is disabled', async () => {
    app = await renderApp();
    await app.press('4', KEYS.enter);
    expect(app.frame()).toMatch(/^Process \d+/m);
    await app.press('s');
    expect(app.frame().split('\n').at(-1)).toContain('s: not in the detail view');
  });

  it('quits on q and on Ctrl-C', async () => {
    for (const key of ['q', KEYS.ctrlC]) {
      const quitting = await renderApp();
      await quitting.press(key);
      expect(quitting.quits()).toBe(1);
      quitting.unmount();
    }
  });
});

describe('thresholds without colour', () => {
  it('marks warning and critical values with ▲ and ✖ even when colour is off', async () => {
    const level = chalk.level;
    chalk.level = 0;
    try {
      app = await renderApp({ snapshots: [withCpu(95)] });
      expect(app.frame()).toMatch(/CPU .*✖ 95%/);
      app.unmount();
      app = await renderApp({ snapshots: [withCpu(75)] });
      expect(app.frame()).toMatch(/CPU .*▲ 75%/);
      expect(app.frame()).not.toContain('\u001b[');
    } finally {
      chalk.level = level;
    }
  });
});

describe('typing faster than the screen', () => {
  it('runs the palette entry for a query typed with Enter in one chunk', async () => {
    app = await renderApp();
    await app.press(':', 'proc\r');
    expect(app.frame()).toMatch(/^Processes {2}top by CPU/m);
  });
});

describe('pane numbers', () => {
  it('are the same watching this machine as in the fleet: Overview 2, Trends 3, Processes 4', async () => {
    const { FLEET_PANES, fleetPanesFor } = await import('../../views/panes.js');
    const { paneNumber } = await import('../../views/host-panes.js');
    for (const [id, n] of [['overview', 2], ['trends', 3], ['processes', 4]] as const) {
      expect(paneNumber(id)).toBe(n);
      expect(FLEET_PANES.findIndex((p) => p.id === id) + 1).toBe(n);
    }
    // A fleet without components has no Emergency pane: Dumps stays 10 (0), not 9.
    const withoutEmergency = fleetPanesFor({ emergency: null });
    expect(withoutEmergency.some((p) => p.id === 'emergency')).toBe(false);
    expect(paneNumber('dumps', withoutEmergency)).toBe(10);
    app = await renderApp();
    expect(app.frame().split('\n')[0]).toMatch(/2 Overview 3 Trends 4 Processes$/);
    await app.press('4');
    expect(app.frame()).toMatch(/^Processes {2}top by CPU/m);
    await app.press('1');
    expect(app.frame()).toMatch(/^Processes {2}top by CPU/m);
  });
});
