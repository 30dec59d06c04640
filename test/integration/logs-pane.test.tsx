/**
 * The Logs pane on real sshd lab hosts writing log files: the hosts' lines interleaved with
 * their names as they are written, the filter applied as it is typed, pause (lines come in
 * behind, shown on resume), another component with n, a host whose file is missing named.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/config/load-inventory.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { SshHostAccess } from '../../src/procedures/ssh-host-access.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { fleetInfo } from '../../views/fleet/fleet-info.js';
import { LogsDesk, logSources } from '../../views/logs/logs-desk.js';
import { FLEET_PANES } from '../../views/panes.js';
import { startLab, type Lab } from '../lab/lab.js';
import { capturedSnapshot, KEYS, renderApp, tick, type RenderedApp } from '../views/render-app.js';

let lab: Lab;
let inventory: Inventory;
let access: SshHostAccess;
let logDir: string;
const file = (host: string, name: string) => join(logDir, host, name);

beforeAll(async () => {
  lab = await startLab({ hosts: 2 });
  logDir = join(lab.dir, 'logs');
  mkdirSync(logDir, { mode: 0o755 });
  for (const host of lab.hosts) {
    mkdirSync(join(logDir, host.name), { mode: 0o755 });
    writeFileSync(file(host.name, 'engine.log'), `${host.name} engine started\n${host.name} order 1 accepted\n`, { mode: 0o644 });
    writeFileSync(file(host.name, 'web.log'), `${host.name} GET /health 200\n`, { mode: 0o644 });
  }
  const yaml = join(lab.dir, 'perfmon.yaml');
  writeFileSync(
    yaml,
    [
      'hosts:',
      ...lab.hosts.map((h) => `  - {name: ${h.name}, address: ${h.address}, port: ${h.port}, user: ${lab.user}, identityFile: ${lab.identityFile}}`),
      'components:',
      '  - {name: engine, role: order-engine, hosts: [lab-0, lab-1], logs: {file: ' + join(logDir, 'lab-0', 'engine.log') + '}}',
      '  - {name: web, role: web, hosts: [lab-0, lab-1], logs: {file: ' + join(logDir, 'lab-1', 'web.log') + '}}',
      '  - {name: auth, role: auth, hosts: [lab-1], logs: {file: ' + join(logDir, 'lab-1', 'missing.log') + '}}',
      '',
    ].join('\n'),
  );
  const loaded = await loadInventory({ configPath: yaml, home: lab.home, env: {} });
  if (loaded.status !== 'loaded') throw new Error(JSON.stringify(loaded));
  inventory = loaded.inventory;
  access = new SshHostAccess(inventory, { source: new SshConfigSource({ home: lab.home }), connect: { env: lab.env } });
});
afterAll(async () => {
  access?.close();
  await lab?.stop();
});

let app: RenderedApp | undefined;
let desk: LogsDesk | undefined;
afterEach(() => {
  app?.unmount();
  desk?.close();
});

const plain = () => stripVTControlCharacters(app!.frame());
async function until(test: (frame: string) => boolean): Promise<void> {
  for (let i = 0; i < 250 && !test(plain()); i++) await tick(20);
}

async function openLogsPane(): Promise<void> {
  desk = new LogsDesk(logSources(inventory), (host) => access.connectionTo(host));
  const info = fleetInfo(lab.hosts.map((h) => ({ name: h.name, labels: {}, components: [] })));
  app = await renderApp({ panes: FLEET_PANES, config: { fleet: info, logs: desk }, snapshots: lab.hosts.map((h) => ({ ...capturedSnapshot(), name: h.name })) });
  await app.press(':', ...'logs', KEYS.enter);
}

describe('Logs pane', () => {
  it('follows the first component on its hosts, each line with its host; a line written shows as it comes', async () => {
    await openLogsPane();
    // Both hosts follow the one path (the lab's hosts share a disk): each line comes once per host.
    await until((f) => (f.match(/order 1 accepted/g) ?? []).length === 2);
    expect(plain()).toContain('Logs  engine  4 lines  following  (n next)');
    expect(plain()).toContain(`${join(logDir, 'lab-0', 'engine.log')} on lab-0, lab-1`);
    expect(plain()).toMatch(/^lab-0  lab-0 engine started$/m);
    expect(plain()).toMatch(/^lab-1  lab-0 order 1 accepted$/m);
    appendFileSync(file('lab-0', 'engine.log'), 'order 2 rejected: price band\n');
    await until((f) => (f.match(/order 2 rejected/g) ?? []).length === 2);
    expect(plain()).toMatch(/^lab-[01]  order 2 rejected: price band$/m);
  });

  it('filters as the text is typed, Esc drops the filter', async () => {
    await openLogsPane();
    await until((f) => (f.match(/order 1 accepted/g) ?? []).length === 2);
    await app!.press('/', ...'accep');
    expect(plain()).toContain('filter accep: 2 of');
    expect(plain()).not.toContain('engine started');
    await app!.press(KEYS.enter, KEYS.esc);
    expect(plain()).toContain('engine started');
  });

  it('p pauses: a line written meanwhile waits, counted, and shows on resume', async () => {
    await openLogsPane();
    await until((f) => (f.match(/order 1 accepted/g) ?? []).length === 2);
    await app!.press('p');
    appendFileSync(file('lab-0', 'engine.log'), 'order 3 while paused\n');
    await until((f) => f.includes('PAUSED, 2 new'));
    expect(plain()).toContain('PAUSED, 2 new (p resumes)');
    expect(plain()).not.toContain('order 3 while paused');
    await app!.press('p');
    expect(plain()).toMatch(/^lab-[01]  order 3 while paused$/m);
    expect(plain()).toContain('following');
  });

  it('n follows the next component; a file not there yet says so (tail -F waits for it); a host down is named with why', async () => {
    await openLogsPane();
    await until((f) => f.includes('following'));
    await app!.press('n');
    await until((f) => (f.match(/GET \/health 200/g) ?? []).length === 2);
    expect(plain()).toContain('Logs  web  ');
    await app!.press('n');
    await until((f) => f.includes('tail: cannot open'));
    expect(plain()).toMatch(/^lab-1  tail: cannot open .*missing\.log.* for reading: No such file/m);
    await lab.killHost(1);
    await until((f) => f.includes('✖ lab-1'));
    await app!.press('r');
    await until((f) => f.includes('✖ lab-1'));
    expect(plain()).toMatch(/✖ lab-1: .*(refused|closed|lost).*\(r reconnects\)/);
  });
});
