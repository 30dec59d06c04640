/** The Audit pane: the session's audit log, newest first, filtered with /, an entry in full, the replayed moment. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/procedures/audit-log.js';
import { readAuditLog } from '../../src/procedures/audit-read.js';
import { clockTime } from '../../src/format/units.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { FLEET_PANES } from '../../views/panes.js';
import { paneNumber } from '../../views/host-panes.js';
import { auditRows, sortAuditRows } from '../../views/audit/audit-rows.js';
import { capturedSnapshot, KEYS, renderApp, renderSized, tick, type RenderedApp } from './render-app.js';
import { expectFits, linesOf, plain } from './platform-app.js';

const dir = mkdtempSync(join(tmpdir(), 'perfmon-audit-view-'));
const path = join(dir, 'audit.log');
const HOSTS = ['lab-0', 'lab-1'];
const T0 = Date.parse('2026-12-04T10:00:00Z');

beforeAll(async () => {
  const log = new AuditLog(path, { localUser: 'alice', localHost: 'desk1' });
  const run = log.forRun('run-7');
  const at = (s: number) => new Date(T0 + s * 1000).toISOString();
  await run.append('note', { what: 'run-start', time: at(0), component: 'engine' });
  const drain = { action: 'drain', host: 'lab-0', component: 'engine', command: "/opt/engine/drain 'lab-0'", sshUser: 'ops', start: at(1) };
  await run.append('before', { ...drain, time: at(1) });
  await run.append('after', { ...drain, time: at(2), end: at(2), exitStatus: 0 });
  const restart = { action: 'restart', host: 'lab-1', component: 'engine', command: 'systemctl restart engine', sshUser: 'ops', start: at(10) };
  await run.append('before', { ...restart, time: at(10) });
  await run.append('after', { ...restart, time: at(12), end: at(12), exitStatus: 3 });
  const flush = { action: 'runbook flush-cache', host: 'lab-0', component: 'cache', command: 'redis-cli FLUSHALL', sshUser: 'ops', start: at(20) };
  await new AuditLog(path, { localUser: 'bob', localHost: 'desk2' }).append('before', { ...flush, time: at(20) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: RenderedApp | undefined;
afterEach(() => app?.unmount());

const options = {
  panes: FLEET_PANES,
  config: { fleet: fleetInfo(HOSTS.map((name) => ({ name, labels: {}, components: [{ name: 'engine', role: 'order-engine' }] }))), auditPath: path },
  snapshots: HOSTS.map((name) => ({ ...capturedSnapshot(), name })),
};

async function untilShown(text: string): Promise<void> {
  for (let i = 0; i < 100 && !plain(app!.frame()).includes(text); i++) await tick(20);
}

describe('Audit pane', () => {
  it('has a stable number past the digits, and Tab from Dumps reaches it', async () => {
    expect(paneNumber('audit', FLEET_PANES)).toBe(11);
    app = await renderApp(options);
    await app.press('0', KEYS.tab);
    await untilShown('Audit  4 records');
    expect(linesOf(app.frame())[0]).toContain('Aud');
  });

  it('lists who did what, where, when and with what result, newest first', async () => {
    app = await renderApp(options);
    await app.press(':', ...'audit', KEYS.enter);
    await untilShown('Audit  4 records');
    const frame = plain(app.frame());
    expect(frame).toMatch(/Audit {2}4 records, 1 FAILED, newest first/);
    const rows = linesOf(frame).filter((l) => /^\d\d-\d\d /.test(l));
    expect(rows.map((r) => / (note run-start|drain|restart|runbook flush-cache) /.exec(r)?.[1])).toEqual(['runbook flush-cache', 'restart', 'drain', 'note run-start']);
    expect(rows[0]).toMatch(new RegExp(`${clockTime(T0 + 20_000)} +bob@desk2 +runbook flush-cache +cache/lab-0 +NO OUTCOME`));
    expect(rows[1]).toMatch(/alice@desk1 +restart +engine\/lab-1 +FAILED exit 3 {2}2s/);
    expect(rows[2]).toMatch(/drain +engine\/lab-0 +ok {2}1s/);
  });

  it('filters as typed with / (an operator, a command), and opens an entry with its command', async () => {
    app = await renderApp(options);
    await app.press(':', ...'audit', KEYS.enter);
    await untilShown('Audit  4 records');
    await app.press('/', ...'systemctl', KEYS.enter);
    expect(plain(app.frame())).toContain('filter systemctl: 1 of 4');
    await app.press(KEYS.enter);
    const detail = plain(app.frame());
    expect(detail).toContain('restart  engine/lab-1');
    expect(detail).toMatch(/ssh user +ops/);
    expect(detail).toMatch(/run +run-7/);
    expect(detail).toContain('systemctl restart engine');
    await app.press(KEYS.esc, KEYS.esc);
    expect(plain(app.frame())).not.toContain('filter systemctl');
  });

  it('fits 80×24 and 200×50', async () => {
    for (const [columns, rows] of [[80, 24], [200, 50]] as const) {
      const sized = await renderSized(columns, rows, options);
      await sized.press(':', ...'audit', KEYS.enter);
      for (let i = 0; i < 100 && !plain(sized.frame()).includes('4 records'); i++) await tick(20);
      expectFits(sized.frame(), columns, rows);
      expect(plain(sized.frame())).toContain('restart');
      sized.unmount();
    }
  });

  it('replaying, shows only what had been done by the moment on screen', async () => {
    const rows = auditRows((await readAuditLog(path)).entries);
    expect(sortAuditRows(rows, 'time', false, '', T0 + 5000).map((r) => r.entry.what)).toEqual(['drain', 'run-start']);
    expect(sortAuditRows(rows, 'result', false, '', null).map((r) => r.entry.what)[0]).toBe('restart');
  });

  it('says so when no audit log is kept', async () => {
    app = await renderApp({ ...options, config: { ...options.config, auditPath: join(dir, 'none.log') } });
    await app.press(':', ...'audit', KEYS.enter);
    await untilShown('Nothing in');
    expect(plain(app.frame())).toContain('yet: every action that changes a host');
  });
});
