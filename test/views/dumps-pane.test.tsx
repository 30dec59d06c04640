import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/diagnostics/capture/capture-error.js';
import { FLEET_PANES } from '../../views/panes.js';
import type { DumpsDeskState } from '../../views/dumps/dumps-desk.js';
import { until } from './emergency-fixture.js';
import { dumpsDesk, fleetJvms, fleetSnapshots, putCapture, replayRunner, type DumpsFixture, type ReplayOptions, type ReplayRunner } from './dumps-fixture.js';
import { KEYS, renderApp, tick, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
let fixture: DumpsFixture | undefined;
afterEach(() => {
  app?.unmount();
  fixture?.cleanup();
  app = undefined;
  fixture = undefined;
});

const text = () => stripVTControlCharacters(app!.frame());
const rowOf = (needle: string) => text().split('\n').find((l) => l.includes(needle)) ?? '';
/** The screen as one line, wrapped lines joined: for sentences the pane wraps at 100 columns. */
const flat = () => text().replace(/\s+/g, ' ');

/** The fleet UI on the Dumps pane (through the palette), the JVM readings in the store. */
async function openPane(options: { replay?: ReplayOptions; top?: string[]; readOnly?: boolean; before?: (dir: string) => void } = {}): Promise<ReplayRunner> {
  const runner = replayRunner(options.replay ?? {});
  fixture = dumpsDesk(runner, { top: options.top, readOnly: options.readOnly });
  options.before?.(fixture.dir);
  await fixture.desk.load();
  app = await renderApp({ panes: FLEET_PANES, config: { dumps: fixture.desk, environment: 'production', readOnly: options.readOnly ?? false }, snapshots: fleetSnapshots() });
  app.store.setPlatform('jvms', fleetJvms());
  await app.press(':', 'Dumps', KEYS.enter);
  return runner;
}

/** Waits until the desk's state passes `test`, then for the frame to show it. */
async function settle(test: (s: DumpsDeskState) => boolean, what: string): Promise<void> {
  await until(fixture!.desk, test, what);
  await tick();
  await tick();
}

const PAGE_DOWN = '\u001B[6~';

const done = (s: DumpsDeskState) => s.captures.length > 0 && s.captures.every((c) => c.state !== 'running' && c.state !== 'confirm');

describe('dumps pane: the JVMs', () => {
  it('lists every JVM of the fleet with its heap, GC and threads; a JVM without figures says why', async () => {
    await openPane();
    expect(text()).toMatch(/Dumps {2}3 JVMs on 2 hosts, sorted by host/);
    expect(text()).toContain(`files: ${fixture!.dir}`);
    // The G1 capture of JDK 17: 28.4M used of a 256M heap, 2 young collections, 6 live threads.
    expect(rowOf('4242')).toMatch(/● oms-1 +4242 com\.example\.OrderEngine +1s ▉······· +11% +28\.4M +256M +0 +0% +6$/);
    expect(rowOf('5151')).toContain('market-data.jar');
    expect(rowOf('7373')).toContain("○ oms-2         7373 FixGateway");
    expect(rowOf('7373')).toMatch(/FixGateway +oms-2: permission denied: JVM 7373 belongs to user/);
    // The whole reason, with what to configure, in the JVM's detail.
    await app!.press('G', KEYS.enter);
    expect(flat()).toContain("No current figures: oms-2: permission denied: JVM 7373 belongs to user 'fix' but perfmon logs in as 'ops'; set jvm.sudoUser: fix for oms-2");
  });

  it('a JVM the host lists before any reading shows as waiting; no JVM at all is said plainly', async () => {
    await openPane();
    app!.store.setPlatform('jvms', []);
    await app!.press('');
    expect(rowOf('4242')).toMatch(/○ oms-1 +4242 com\.example\.OrderEngine +waiting for the first reading$/);
    for (const name of ['oms-1', 'oms-2']) app!.store.record({ ...fleetSnapshots()[0]!, name, jvms: [] });
    await app!.press('');
    expect(text()).toContain("No JVM runs on the 2 hosts read (every user's java processes, from /proc).");
  });

  it('sorts (s, S) and filters (/) the JVMs', async () => {
    await openPane();
    const order = () => text().split('\n').map((l) => /^[●○] \S+ +(\d+)/.exec(l)?.[1]).filter(Boolean);
    expect(order()).toEqual(['4242', '5151', '7373']);
    await app!.press('s');
    expect(text()).toContain('sorted by heap use');
    expect(text()).toContain('HEAP▼');
    expect(order()).toEqual(['4242', '5151', '7373']);
    await app!.press('S');
    expect(order()).toEqual(['7373', '5151', '4242']);
    await app!.press('/', ...'gateway', KEYS.enter);
    expect(order()).toEqual(['7373']);
    expect(text()).toContain('filter gateway: 1 of 3');
    await app!.press(KEYS.esc);
    expect(order()).toHaveLength(3);
  });

  it('Enter shows the selected JVM in full: every collector, non-heap pools, threads', async () => {
    await openPane();
    await app!.press(KEYS.enter);
    expect(text()).toContain('JVM 4242 on oms-1  com.example.OrderEngine, user trader');
    expect(text()).toMatch(/Heap .* 11% {2}used 28\.4M of 256M max, committed 256M/);
    expect(text()).toContain('GarbageFirst, last cause: G1 Evacuation Pause');
    expect(text()).toMatch(/G1 young collection pauses +2 × +19ms/);
    expect(text()).toContain('Threads   6 live, 5 daemon, peak 6');
    await app!.press(KEYS.esc);
    expect(text()).toMatch(/Dumps {2}3 JVMs/);
  });
});

describe('dumps pane: captures and their analysis', () => {
  it('opens a real captured dump: exactly the deadlock of monitor-deadlock-jdk17.txt, threads, locks and holders', async () => {
    await openPane({ before: (dir) => putCapture(dir, 'thread-dumps/monitor-deadlock-jdk17.txt', 'oms-1', 4242, new Date(Date.UTC(2026, 10, 27, 4, 47, 41)), 'txt') });
    // Found in the dumps folder, and already read: the list says what it holds.
    expect(rowOf('from an earlier session')).toMatch(/✔ \d\d:\d\d:\d\d threads +oms-1 +4242 DEADLOCK ×1 {2}from an earlier session$/);
    // Typed in one go (one read): Enter opens what v just moved to.
    await app!.press(`v${KEYS.enter}`);
    await settle((s) => Object.values(s.analyses).some((a) => a !== 'loading'), 'the analysis');
    const deadlocks = flat().slice(flat().indexOf('DEADLOCKS:'), flat().indexOf('21 threads:'));
    expect(deadlocks).toBe(
      "DEADLOCKS: 1 (the JVM's own report agrees) " +
        '1. "transfer-savings-to-checking" → "transfer-checking-to-savings" → "transfer-savings-to-checking" ' +
        '"transfer-savings-to-checking" waits for monitor <0x000000069ec1a588> (a MonitorDeadlock$Account) held by "transfer-checking-to-savings" ' +
        '"transfer-checking-to-savings" waits for monitor <0x000000069ec1a540> (a MonitorDeadlock$Account) held by "transfer-savings-to-checking" ',
    );
    expect(flat()).toContain('LOCK WAITS: 2 threads waiting for 2 locks');
    await app!.press(KEYS.esc);
    expect(text()).toMatch(/Dumps {2}3 JVMs/);
  });

  it('t takes a thread dump series (3 × 10 s by default); the analysis names the hot and stuck threads', async () => {
    await openPane({ replay: { threadDumps: ['busy-spin-jdk25-1.txt', 'busy-spin-jdk25-2.txt', 'busy-spin-jdk25-3.txt'] } });
    await app!.press('t');
    expect(text()).toContain('Thread dumps of JVM 4242 (com.example.OrderEngine) on oms-1');
    expect(text()).toMatch(/› dumps +3/);
    expect(text()).toMatch(/seconds apart +10/);
    expect(text()).toContain('about 20 s in all');
    await app!.press(KEYS.enter);
    await settle(done, 'the series');
    expect(rowOf('threads ×3')).toMatch(/✔ .* oms-1 +4242 .*hot "price-calculator" 71% {2}3 dumps/);
    await app!.press('v', KEYS.enter);
    await settle((s) => Object.values(s.analyses).some((a) => a !== 'loading'), 'the analysis');
    expect(text()).toMatch(/Esc back\nDEADLOCKS: none\n/);
    let seen = text();
    for (let page = 0; page < 4; page++) {
      await app!.press(PAGE_DOWN);
      seen += text();
    }
    expect(seen).toContain('HOT THREADS (cpu= used between the first and the last dump)');
    expect(seen).toMatch(/\n {2}"price-calculator" +3636\.87 ms +70\.9% of a core\n/);
    expect(seen).toContain('"price-calculator" RUNNABLE at BusySpin.recalculateForever(BusySpin.java:29)');
    expect(seen).toMatch(/DUMPS: 3 dumps, in capture order\n {2}1\. oms-1-4242-20261127T044700Z\.txt:3/);
  });

  it('the series dialog takes other numbers and refuses nonsense', async () => {
    const runner = await openPane({ replay: { threadDumps: ['busy-spin-jdk25-1.txt'] } });
    let asked: { count?: number; every?: number } = {};
    const original = runner.threadDumps;
    runner.threadDumps = (o, p) => {
      asked = { count: o.count, every: o.everySeconds };
      return original(o, p);
    };
    await app!.press('t', KEYS.backspace, '0', KEYS.enter);
    expect(text()).toContain('dumps: a whole number from 1 to 100');
    // ↓ and the digits after it in one read: they edit the field ↓ chose.
    await app!.press(KEYS.backspace, '1', `${KEYS.down}${KEYS.backspace}${KEYS.backspace}5`, KEYS.enter);
    await settle(done, 'the dump');
    expect(asked).toEqual({ count: 1, every: 5 });
  });

  it('h: the heap dump is confirmed with free space and the pause shown and the host typed; its fetch shows bytes, rate and ETA, also after leaving the pane', async () => {
    const runner = await openPane({ replay: { heap: { bytes: 200 * 1024 * 1024, freeBytes: 40 * 1024 ** 3 } } });
    await app!.press('h');
    await settle((s) => s.confirms.length === 1, 'the confirmation');
    expect(text()).toContain('Heap dump of JVM 4242 on oms-1');
    expect(flat()).toContain('Free space in /tmp: 40G for at most 180M of heap in use: enough');
    expect(flat()).toContain('PAUSE: The JVM pauses while it writes the dump (-all: every object, unreachable ones too; no full GC).');
    expect(text()).toContain('Type oms-1 and press Enter to go ahead; Esc cancels.');
    await app!.press(...'oms-2', KEYS.enter);
    expect(text()).toContain('that is not oms-1');
    expect(runner.heapStarted).toBe(false);
    await app!.press(KEYS.backspace, '1', KEYS.enter);
    await settle((s) => s.captures[0]?.fraction !== null, 'the fetch');
    expect(runner.heapStarted).toBe(true);
    expect(rowOf('heap')).toMatch(/◐ .* heap +oms-1 +4242 █████····· fetching 100M\/200M 50% 50M\/s ETA 2s$/);
    // Elsewhere and back: the capture went on.
    await app!.press(KEYS.tab, KEYS.shiftTab);
    expect(rowOf('heap')).toContain('fetching 100M/200M');
    runner.finishFetch();
    await settle(done, 'the heap dump');
    expect(rowOf('heap')).toMatch(/✔ .* heap .* 200M verified {2}in 6\.5s, remote copy removed$/);
    await app!.press('v', KEYS.enter);
    await settle((s) => Object.values(s.analyses).some((a) => a !== 'loading'), 'the facts');
    expect(flat()).toContain(`SHA-256 ${'ab'.repeat(32)}, the same as the remote file's`);
    expect(flat()).toContain('Dumped in 2.5s, fetched in 4.0s');
  });

  it('Esc at the heap dump confirmation does nothing to the JVM', async () => {
    const runner = await openPane();
    await app!.press('h');
    await settle((s) => s.confirms.length === 1, 'the confirmation');
    await app!.press(KEYS.esc);
    await settle(done, 'the refusal');
    expect(runner.heapStarted).toBe(false);
    expect(rowOf('heap')).toMatch(/– .* heap .*oms-1: heap dump of JVM 4242 not confirm/);
    await app!.press('v', KEYS.enter);
    expect(flat()).toContain('oms-1: heap dump of JVM 4242 not confirmed; nothing was done');
  });

  it('c twice: the second class histogram shows what grew, growing classes first', async () => {
    await openPane({ replay: { histograms: ['growing-cache-jdk17-1.txt', 'growing-cache-jdk17-2.txt'] } });
    await app!.press('c');
    await settle((s) => s.confirms.length === 1, 'the confirmation');
    expect(flat()).toContain('PAUSE: the JVM runs a full GC first (live objects only) and stays stopped while it counts its 28.4M of heap in use.');
    await app!.press(...'oms-1', KEYS.enter);
    await settle(done, 'the first histogram');
    expect(rowOf('histogram')).toContain('top 1.1M GrowingCache$OrderSnapshot');
    await app!.press('c', ...'oms-1', KEYS.enter);
    await settle((s) => s.captures.length === 2 && done(s), 'the second histogram');
    expect(text().split('\n').filter((l) => l.includes('histogram'))[0]).toContain('+4.3M GrowingCache$OrderSnapshot');
    await app!.press('v', KEYS.enter);
    await settle((s) => Object.values(s.analyses).filter((a) => a !== 'loading').length === 2, 'the growth');
    const lines = text().split('\n');
    const header = lines.findIndex((l) => l.includes('+bytes'));
    expect(lines[header + 1]).toMatch(/\+4\.3 MiB +\+80,000 +5\.3 MiB +100,000 +GrowingCache\$OrderSnapshot/);
    expect(lines[header + 2]).toContain('java.util.HashMap$Node');
  });

  it('a capture that fails says why (the engine’s words), and a host that is down is refused before anything runs', async () => {
    const error = new CaptureError('permission', 'oms-1', "oms-1: permission denied: JVM 4242 belongs to 'trader' and jcmd ran as 'ops', but the JDK tools attach only as the JVM's owner; set jvm.sudoUser: trader for oms-1");
    await openPane({ replay: { fail: error, down: ['oms-2'] } });
    await app!.press('t', KEYS.enter);
    await settle(done, 'the failure');
    expect(rowOf('threads')).toMatch(/✖ .* threads ×3 oms-1 .* oms-1: permission denied/);
    await app!.press('v', KEYS.enter);
    expect(flat()).toContain("but the JDK tools attach only as the JVM's owner; set jvm.sudoUser: trader for oms-1");
    await app!.press(KEYS.esc, 'v', 'G', 'h');
    expect(rowOf('Refused:')).toMatch(/^Refused: oms-2 is not connected \(down or still connecting\)/);
    expect(fixture!.desk.getSnapshot().captures).toHaveLength(1);
  });

  it('x stops a running series; the dumps already saved stay', async () => {
    const runner = await openPane();
    runner.threadDumps = (o) =>
      new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new CaptureError('cancelled', o.host, `${o.host}: the series was interrupted after 0 of 3 dumps`))));
    await app!.press('t', KEYS.enter, 'v');
    expect(rowOf('threads ×3')).toContain('◐');
    await app!.press('x');
    await settle(done, 'the stop');
    expect(rowOf('threads ×3')).toMatch(/– .* oms-1: the series was interrupted/);
  });
});

describe('dumps pane: safety', () => {
  it('read-only: no capture key exists (footer, help) and t, h, c do nothing', async () => {
    const runner = await openPane({ readOnly: true });
    expect(text()).not.toMatch(/thread dump|heap dump|histogram/);
    await app!.press('t', 'h', 'c');
    expect(text()).toMatch(/Dumps {2}3 JVMs/);
    expect(fixture!.desk.getSnapshot().captures).toEqual([]);
    expect(runner.heapStarted).toBe(false);
    await app!.press('?');
    expect(text()).not.toContain('Heap dump of the selected JVM');
  });

  it('an actions allow-list without dump-heap refuses h and c with the reason; thread dumps stay allowed', async () => {
    await openPane({ top: ['actions: [dump-thread]'] });
    await app!.press('h');
    expect(text()).toContain('h: dump-heap refused: it is not in the actions allowed by the inventory (actions: dump-thread)');
    await app!.press('c');
    expect(fixture!.desk.getSnapshot().captures).toEqual([]);
    await app!.press('t');
    expect(text()).toContain('Thread dumps of JVM 4242');
  });

  it('the desk itself refuses what the inventory does not allow, whatever asks it', async () => {
    await openPane({ top: ['actions: [restart]'] });
    expect(fixture!.desk.takeThreadDumps({ host: 'oms-1', pid: 4242, mainClass: 'x' }, 1, 0)).toBeNull();
    await app!.press('');
    expect(text()).toContain('Refused: dump-thread refused: it is not in the actions allowed by the inventory (actions: restart)');
  });
});

describe('dumps pane: JFR profiles', () => {
  const RIGHT = '\u001B[C';
  /** The selected frame's line: the third of the pane (under the tab bar). */
  const selectedLine = () => text().split('\n')[3] ?? '';

  it('f asks how long (30 s by default), records, and the list names the hot method; Enter opens its flame graph, navigable and zoomable', async () => {
    await openPane();
    await app!.press('f');
    expect(text()).toContain('JFR profile of JVM 4242 (com.example.OrderEngine) on oms-1');
    expect(text()).toMatch(/› seconds +30/);
    expect(text()).toContain('jcmd 4242 JFR.start settings=profile duration=30s');
    await app!.press(KEYS.backspace, KEYS.backspace, '5');
    expect(text()).toContain('duration=5s');
    await app!.press(KEYS.enter);
    await settle((s) => done(s) && Object.values(s.analyses).some((a) => a !== 'loading'), 'the profile and its analysis');
    expect(rowOf(' profile ')).toMatch(/oms-1 +4242 .*hot ProfileTargets\.priceQuote \d+%/);

    await app!.press('v', KEYS.enter);
    expect(text()).toContain('CPU flame graph:');
    expect(selectedLine()).toMatch(/^ all threads +\d+ samples 100\.0%$/);
    // Down follows the heaviest callee: Thread.run → the lambda → priceForever → priceBook → priceQuote.
    await app!.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    expect(selectedLine()).toMatch(/^ ProfileTargets\.priceQuote +\d+ samples (9\d|8\d)\.\d%, self \d+ samples$/);
    await app!.press(KEYS.up, KEYS.enter);
    expect(text()).toContain('zoom … › ProfileTargets.priceForever › ProfileTargets.priceBook');
    // Zoomed: priceBook spans the whole first row of the graph.
    expect(text().split('\n')[5]).toMatch(/^ProfileTargets\.priceBook {20,}/);
    await app!.press(RIGHT);
    expect(selectedLine()).toMatch(/^ ProfileTargets\.priceBook /);
    await app!.press(KEYS.esc);
    expect(text()).toContain('zoom … › ProfileTargets$$Lambda.run › ProfileTargets.priceForever');
    await app!.press(KEYS.esc, KEYS.esc, KEYS.esc);
    expect(text()).toContain('zoom all ·');
    await app!.press(KEYS.esc);
    expect(text()).toMatch(/Dumps {2}3 JVMs/);
  });

  it('a switches to the allocation flame graph, i to the report, e writes the folded stacks and the SVG beside the recording', async () => {
    await openPane();
    await app!.press('f', KEYS.enter);
    await settle((s) => done(s) && Object.values(s.analyses).some((a) => a !== 'loading'), 'the profile and its analysis');
    await app!.press('v', KEYS.enter, 'a');
    expect(text()).toMatch(/Allocation flame graph: \S+ in \d+ samples/);
    await app!.press(KEYS.down);
    expect(selectedLine()).toMatch(/^ java\.lang\.Thread\.run /);
    await app!.press('i');
    expect(text()).toMatch(/CPU: \d+ execution samples\n {2}SELF +TOTAL +METHOD\n {2}[\d.]+% \(\d+\) +[\d.]+% +ProfileTargets\.priceQuote\n/);
    await app!.press(PAGE_DOWN);
    expect(text()).toMatch(/ALLOCATION: \d+ samples standing for \S+\n {2}SHARE +BYTES +SITE +MOSTLY\n {2}[\d.]+% +\S+ +ProfileTargets\.buildAuditRecord +long\[\]/);
    await app!.press('e');
    await until(fixture!.desk, (s) => s.message !== null, 'the export');
    const [recording] = fixture!.desk.getSnapshot().captures[0]!.files;
    const stem = recording!.replace(/\.jfr$/, '');
    expect(fixture!.desk.getSnapshot().message?.text).toBe(`Wrote ${stem}.alloc.folded and ${stem}.alloc.svg`);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${stem}.alloc.folded`, 'utf8')).toMatch(/ProfileTargets\.auditForever;ProfileTargets\.buildAuditRecord;long\[\] \d+$/m);
  });

  it('read-only: f does not exist', async () => {
    await openPane({ readOnly: true });
    await app!.press('f');
    expect(text()).not.toContain('JFR profile of JVM');
  });
});
