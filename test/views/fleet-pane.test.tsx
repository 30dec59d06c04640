import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { FLEET_PANES } from '../../views/panes.js';
import { capturedSnapshot, KEYS, renderApp, renderSized, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

function host(name: string, cpu: number, memoryPercent: number): HostSnapshot {
  const s = capturedSnapshot();
  return { ...s, name, cpu: { ...s.cpu, usage: cpu }, memory: { ...s.memory, used: Math.round((s.memory.total * memoryPercent) / 100) } };
}

const info = fleetInfo([
  { name: 'oe-1', labels: { rack: 'a' }, components: [{ name: 'engine', role: 'order-engine' }] },
  { name: 'oe-2', labels: { rack: 'b' }, components: [{ name: 'engine', role: 'order-engine' }] },
  { name: 'md-1', labels: { rack: 'a' }, components: [{ name: 'feed', role: 'market-data' }] },
  { name: 'gw-1', labels: { rack: 'b' }, components: [{ name: 'fix', role: 'gateway' }] },
]);

async function renderFleet() {
  const rendered = await renderApp({
    panes: FLEET_PANES,
    config: { fleet: info },
    snapshots: [host('oe-1', 35, 40), host('oe-2', 95, 50), host('md-1', 10, 20), host('gw-1', 50, 75)],
  });
  rendered.store.markDown('md-1', 'refused: md-1 (10.0.0.3:22): connection refused');
  await rendered.press('');
  return rendered;
}

const hostOrder = (frame: string) =>
  stripVTControlCharacters(frame)
    .split('\n')
    .map((l) => /^[●✖…] (\S+)/.exec(l)?.[1])
    .filter(Boolean);

describe('fleet pane', () => {
  it('lists the worst hosts first: down, then critical, warning, ok; the header counts up and down', async () => {
    app = await renderFleet();
    expect(hostOrder(app.frame())).toEqual(['md-1', 'oe-2', 'gw-1', 'oe-1']);
    expect(app.frame().split('\n')[0]).toContain('3 up 1 down');
    const down = stripVTControlCharacters(app.frame()).split('\n').find((l) => l.startsWith('✖ md-1'))!;
    expect(down).toMatch(/DOWN \d+s · connection refused/);
    expect(down).toContain('refused');
    expect(down).not.toMatch(/\d+%/);
  });

  it('sorts by the next column with s and reverses with S; w goes back to worst first', async () => {
    app = await renderFleet();
    await app.press('s');
    // Names go up (A→Z): ▲; figures go down (the largest first): ▼.
    expect(app.frame()).toContain('HOST▲');
    expect(hostOrder(app.frame())).toEqual(['gw-1', 'md-1', 'oe-1', 'oe-2']);
    await app.press('s');
    expect(hostOrder(app.frame())).toEqual(['oe-2', 'gw-1', 'oe-1', 'md-1']);
    await app.press('S');
    expect(hostOrder(app.frame())).toEqual(['md-1', 'oe-1', 'gw-1', 'oe-2']);
    await app.press('w');
    expect(hostOrder(app.frame())).toEqual(['md-1', 'oe-2', 'gw-1', 'oe-1']);
  });

  it('filters by name, label, component or role with /', async () => {
    app = await renderFleet();
    await app.press('/', ...'order-engine', KEYS.enter);
    expect(hostOrder(app.frame())).toEqual(['oe-2', 'oe-1']);
    expect(app.frame()).toContain('2 of 4');
    await app.press(KEYS.esc);
    expect(hostOrder(app.frame())).toHaveLength(4);
    await app.press('/', ...'rack=b', KEYS.enter);
    expect(hostOrder(app.frame())).toEqual(['oe-2', 'gw-1']);
  });

  it('a new / starts a new filter, and Ctrl-U clears what is typed', async () => {
    app = await renderFleet();
    await app.press('/', ...'oe-', KEYS.enter);
    expect(hostOrder(app.frame())).toEqual(['oe-2', 'oe-1']);
    await app.press('/', ...'md', KEYS.enter);
    expect(hostOrder(app.frame())).toEqual(['md-1']);
    await app.press('/', ...'xyz', '\u0015', ...'gw', KEYS.enter);
    expect(hostOrder(app.frame())).toEqual(['gw-1']);
  });

  it('groups by component, role, then each label with v', async () => {
    app = await renderFleet();
    await app.press('v');
    const frame = stripVTControlCharacters(app.frame());
    expect(frame).toContain('grouped by component');
    expect(frame).toMatch(/── feed · 1 host · 1 down ──/);
    expect(frame).toMatch(/── engine · 2 hosts ──/);
    await app.press('v', 'v');
    expect(stripVTControlCharacters(app.frame())).toMatch(/── a · 2 hosts · 1 down ──/);
  });

  it('opens the selected host in the overview with Enter', async () => {
    app = await renderFleet();
    await app.press(KEYS.down, KEYS.enter);
    const frame = app.frame();
    expect(frame.split('\n')[0]).toContain('host oe-2');
    expect(frame).toMatch(/^CPU .*95%/m);
  });

  it('Esc in the host opened from the fleet goes back to the fleet; the per-core choice (c) stays across panes', async () => {
    app = await renderFleet();
    await app.press(KEYS.down, KEYS.enter);
    expect(app.frame().split('\n')[0]).toContain('host oe-2');
    // The CPU section's rows without their figures (which move with every reading).
    const cpuRows = () => stripVTControlCharacters(app!.frame()).split('\n').slice(1, 5).map((l) => l.replace(/[\d.]+/g, '#')).join('\n');
    const before = cpuRows();
    await app.press('c');
    const chosen = cpuRows();
    expect(chosen).not.toBe(before);
    await app.press('4', '2');
    expect(cpuRows()).toBe(chosen);
    await app.press(KEYS.esc);
    expect(stripVTControlCharacters(app.frame()).split('\n')[1]).toMatch(/^Fleet/);
  });

  it('a key of another pane says so instead of doing nothing', async () => {
    app = await renderFleet();
    await app.press('c');
    expect(stripVTControlCharacters(app.frame()).split('\n').at(-1)).toContain("c: nothing here (a key of Overview, Processes, Dumps; ? lists this pane's)");
  });

  it("shows a down host's last reading under a DOWN banner", async () => {
    app = await renderFleet();
    await app.press(KEYS.enter);
    const frame = stripVTControlCharacters(app.frame());
    expect(frame).toMatch(/✖ DOWN \d+s \(its last reading below\) · connection refused/);
    expect(frame).toMatch(/^CPU /m);
  });
});

// `df -kP /` on this machine (KiB): 264212084 size, 24516572 used, 81874340 available, 24 %.
// ext4 keeps blocks back for root, so used / size would say 9 %.
const dfRoot = { mount: '/', device: '/dev/vda', type: 'ext4', size: 264212084 * 1024, used: 24516572 * 1024, available: 81874340 * 1024 };
/** A disk that ordinary writers have nearly filled: 96 % by df's rule, 91 % of its size. */
const dfData = { mount: '/data', device: '/dev/vdb', type: 'ext4', size: 100e9, used: 91.2e9, available: 3.8e9 };

describe('fleet pane: filesystems and why a row is coloured', () => {
  it("shows each host's fullest filesystem by df's rule, and says why a row is yellow or red", async () => {
    const quiet = (name: string, filesystems: HostSnapshot['filesystems']) => ({ ...host(name, 10, 20), load: [0.1, 0.1, 0.1] as [number, number, number], filesystems });
    const sized = await renderSized(120, 24, { panes: FLEET_PANES, config: { fleet: null }, snapshots: [quiet('db-1', [dfRoot, dfData]), quiet('web-1', [dfRoot])] });
    onTestFinished(() => sized.unmount());
    await sized.press('');
    const lines = stripVTControlCharacters(sized.frame()).split('\n');
    expect(lines.find((l) => l.includes(' FS') && l.includes('WHY'))).toBeDefined();
    const db = lines.find((l) => l.startsWith('● db-1'))!;
    const web = lines.find((l) => l.startsWith('● web-1'))!;
    // Only the full disk makes db-1 critical, so it comes first and says so.
    expect(hostOrder(sized.frame())).toEqual(['db-1', 'web-1']);
    expect(db).toContain('/data 96%');
    expect(db).toMatch(/fs \/data 96%/);
    expect(web).toContain('/ 24%');
    expect(web).not.toContain('fs ');
  });
});

describe('ten panes', () => {
  it('reaches pane 10 with 0', async () => {
    app = await renderFleet();
    expect(FLEET_PANES[9]?.id).toBe('dumps');
    expect(app.frame()).not.toContain('Dumps need hosts');
    await app.press('0');
    expect(stripVTControlCharacters(app.frame()).split('\n')[0]).toMatch(/10\/15 Dumps$/);
    expect(app.frame()).toContain('Dumps need hosts to watch');
  });
});

describe('header clock', () => {
  const at = (snapshot: HostSnapshot, time: string): HostSnapshot => ({ ...snapshot, time });
  const firstLine = (frame: string) => stripVTControlCharacters(frame).split('\n')[0]!;

  it('on the Fleet pane is the newest reading of the fleet, not that of the host last opened (down, its clock frozen)', async () => {
    const old = '2026-12-03T10:00:00.000Z';
    const fresh = '2026-12-03T10:05:07.000Z';
    app = await renderApp({ panes: FLEET_PANES, config: { fleet: info }, snapshots: [at(host('oe-1', 35, 40), old), at(host('oe-2', 95, 50), fresh)] });
    app.store.markDown('oe-1', 'refused: connection refused');
    await app.press('');
    const { clockTime } = await import('../../src/format/units.js');
    expect(firstLine(app.frame())).toContain(`  ${clockTime(fresh)}`);
    expect(firstLine(app.frame())).not.toContain(clockTime(old));
    // "host oe-1" means nothing on the fleet's panes; on a host's panes it leads, with that host's time.
    expect(firstLine(app.frame())).not.toContain('host ');
    await app.press('2');
    expect(firstLine(app.frame())).toContain('host oe-1');
    expect(firstLine(app.frame())).toContain(clockTime(old));
  });

  it('stays on every pane at 80 columns, with the PRODUCTION, READ-ONLY and PAUSED badges', async () => {
    const time = '2026-12-03T10:05:07.000Z';
    const { clockTime } = await import('../../src/format/units.js');
    const sized = await renderSized(80, 24, {
      panes: FLEET_PANES,
      config: { fleet: info, environment: 'production', readOnly: true },
      snapshots: ['oe-1', 'oe-2', 'md-1', 'gw-1'].map((name) => at(host(name, 10, 10), time)),
    });
    onTestFinished(() => sized.unmount());
    await sized.press('p');
    for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']) {
      await sized.press(key);
      const line = firstLine(sized.frame());
      expect(line.length).toBeLessThanOrEqual(80);
      expect(line, `pane ${key}`).toContain(clockTime(time));
      expect(line).toContain(' PRODUCTION ');
      expect(line).toContain(' READ-ONLY ');
      expect(line).toContain(' PAUSED ');
    }
  });
});
