import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { processRows } from '../../views/processes/process-rows.js';
import { capturedSnapshot, KEYS, renderApp, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const rowsOf = (frame: string) =>
  stripVTControlCharacters(frame)
    .split('\n')
    .filter((l) => /^ +\d+ /.test(l));
const pidOf = (row: string) => Number(row.trim().split(/\s+/)[0]);

describe('processes pane', () => {
  it('lists the busiest processes first, CPU column marked as the sort', async () => {
    app = await renderApp();
    await app.press('4');
    const expected = processRows(capturedSnapshot().processes, 'cpu', false, '').slice(0, 3).map((p) => p.pid);
    expect(rowsOf(app.frame()).slice(0, 3).map(pidOf)).toEqual(expected);
    expect(app.frame()).toContain('CPU%▼');
  });

  it("the detail's footer offers only what works there (Esc back); the list's keys say why they do nothing", async () => {
    app = await renderApp();
    await app.press('4', KEYS.enter);
    const footer = () => stripVTControlCharacters(app!.frame()).split('\n').at(-1)!;
    expect(app.frame()).toMatch(/^Process \d+/m);
    expect(footer()).toMatch(/Esc back/);
    for (const gone of ['open', 'filter', 'sort']) expect(footer()).not.toMatch(new RegExp(`\\b${gone}\\b`));
    await app.press('m');
    expect(footer()).toContain('m: not in the detail view (Esc goes back to the list)');
    await app.press(KEYS.esc);
    expect(app.frame()).not.toMatch(/^Process \d+/m);
  });

  it('cycles the sort with s, reverses with S, and sorts by memory with m', async () => {
    app = await renderApp();
    await app.press('4', 's');
    expect(app.frame()).toContain('RSS▼');
    expect(app.frame()).toContain('sorted by memory');
    const byMemory = processRows(capturedSnapshot().processes, 'memory', false, '');
    expect(pidOf(rowsOf(app.frame())[0]!)).toBe(byMemory[0]!.pid);
    await app.press('S');
    expect(app.frame()).toContain('RSS▲');
    expect(pidOf(rowsOf(app.frame())[0]!)).toBe(byMemory.at(-1)!.pid);
    await app.press('c');
    expect(app.frame()).toContain('CPU%▼');
  });

  it('filters live as you type after /, keeps the filter on Enter and clears it on Esc', async () => {
    app = await renderApp();
    await app.press('4', '/', ...'bash');
    const all = capturedSnapshot().processes;
    const matching = all.filter((p) => p.args.includes('bash') || p.command.includes('bash'));
    expect(app.frame()).toContain(`filter bash: ${matching.length} of ${all.length}`);
    expect(rowsOf(app.frame()).every((r) => r.includes('bash'))).toBe(true);
    await app.press(KEYS.backspace);
    expect(app.frame()).toContain('filter bas:');
    await app.press('h', KEYS.enter);
    expect(app.frame()).toContain('filter bash:');
    // With the prompt closed, letters are commands again: q would quit, j moves.
    await app.press('j');
    expect(app.quits()).toBe(0);
    await app.press(KEYS.esc);
    expect(app.frame()).not.toContain('filter bash');
    expect(app.frame()).toContain(`${all.length} shown`);
  });

  it('moves the selection and opens the selected process with Enter; Esc goes back', async () => {
    app = await renderApp();
    await app.press('4', KEYS.down, KEYS.down);
    const third = processRows(capturedSnapshot().processes, 'cpu', false, '')[2]!;
    await app.press(KEYS.enter);
    expect(app.frame()).toMatch(new RegExp(`^Process ${third.pid}`, 'm'));
    expect(app.frame()).toContain(`user ${third.user}`);
    expect(app.frame()).toContain(third.args.slice(0, 40));
    await app.press(KEYS.esc);
    expect(app.frame()).toMatch(/^Processes {2}top by CPU/m);
  });

  it('remembers sort and filter when you leave the pane and come back', async () => {
    app = await renderApp();
    await app.press('4', 's', '/', ...'node', KEYS.enter, '2', '4');
    expect(app.frame()).toContain('RSS▼');
    expect(app.frame()).toContain('filter node:');
  });
});

describe('trends pane', () => {
  it('charts CPU, memory, disk and network with current, min and max', async () => {
    const base = capturedSnapshot();
    const snapshots = [20, 40, 60, 30].map((usage) => ({ ...base, cpu: { ...base.cpu, usage } }));
    app = await renderApp({ snapshots });
    await app.press('3');
    const frame = stripVTControlCharacters(app.frame());
    // The span the chart covers: 4 samples 1 s apart.
    expect(frame).toMatch(/CPU {2}last 3s {2}busy now 30% min 20% max 60%/);
    for (const title of ['Memory', 'Disk', 'Network']) expect(frame).toContain(title);
    expect(frame).toMatch(/100% ┤|100% ┼/);
  });

  it('zooms the selected chart with Enter and returns with Esc', async () => {
    app = await renderApp();
    await app.press('3', KEYS.down, KEYS.enter);
    const frame = stripVTControlCharacters(app.frame());
    expect(frame).toContain('Memory');
    expect(frame).not.toMatch(/CPU .*busy/);
    // Zoomed, the way back is said on the chart and in the footer.
    expect(frame).toMatch(/Memory .*Esc back/);
    expect(frame.split('\n').at(-1)).toContain('Esc back');
    await app.press(KEYS.esc);
    expect(stripVTControlCharacters(app.frame())).toMatch(/CPU .*busy/);
  });

  it('labels an all-zero chart 0 once, and never cuts an axis label', async () => {
    const { formatByteRate } = await import('../../src/format/units.js');
    const base = capturedSnapshot();
    const disks = (read: number) => base.disks.map((d) => ({ ...d, readBytesPerSec: read, writeBytesPerSec: 0 }));
    const quiet = (read: number) => ({ ...base, disks: disks(read), network: base.network.map((n) => ({ ...n, rxBytesPerSec: 0, txBytesPerSec: 0 })) });
    app = await renderApp({ snapshots: [0, 719.3e6, 300e6, 10e6].map(quiet) });
    await app.press('3');
    const frame = stripVTControlCharacters(app.frame());
    const network = frame.slice(frame.indexOf('Network'));
    const labels = network.split('\n').slice(1).map((l) => /^\s*(\S+) [┤┼]/.exec(l)?.[1]).filter(Boolean);
    expect(labels).toEqual([formatByteRate(0)]);
    const peak = formatByteRate(719.3e6 * base.disks.length);
    expect(frame).toMatch(new RegExp(`${peak.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} [┤┼]`));
    expect(frame).not.toMatch(/\S…\s*[┤┼]/);
  });
});

describe('footer while a pane dialog is open', () => {
  it('shows the dialog keys, not the pane keys, while the filter prompt holds the keyboard', async () => {
    app = await renderApp();
    await app.press('4', '/');
    const footer = app.frame().split('\n').at(-1)!;
    expect(footer).toContain('Esc close');
    expect(footer).not.toContain('s sort');
  });
});
