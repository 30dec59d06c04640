/**
 * Runbook commands and logs in the real perfmon (bin/perfmon.js in a pseudo-terminal) on real
 * sshd lab hosts: the runbook in the component's detail; a read-only command from the palette,
 * its output per host; a changing one previewed, confirmed by its name, run and audited (the
 * hosts' own files prove it); the Logs pane following a file the hosts write; --read-only
 * leaves the changing command out of the palette.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtySession } from '../e2e/pty-session.js';
import { startLab, type Lab } from '../lab/lab.js';

let lab: Lab;
let inventory: string;
let work: string;
let auditFile: string;
let env: Record<string, string>;
let session: PtySession | undefined;

beforeAll(async () => {
  lab = await startLab({ hosts: 2 });
  work = join(lab.dir, 'work');
  mkdirSync(work);
  chmodSync(work, 0o777);
  writeFileSync(join(work, 'engine.log'), '2026-12-04T10:00:00Z engine up\n', { mode: 0o666 });
  auditFile = join(lab.dir, 'audit.jsonl');
  env = { ...(lab.env as Record<string, string>), PERFMON_STATE_DIR: join(lab.dir, 'state') };
  inventory = join(lab.dir, 'perfmon.yaml');
  writeFileSync(
    inventory,
    [
      'environment: lab',
      `audit: {path: ${auditFile}}`,
      `history: {path: ${join(lab.dir, 'history')}}`,
      'hosts:',
      ...lab.hosts.map((h) => `  - {name: ${h.name}, address: ${h.address}, port: ${h.port}, user: ${lab.user}, identityFile: ${lab.identityFile}}`),
      'components:',
      '  - name: engine',
      '    role: order-engine',
      '    hosts: [lab-0, lab-1]',
      `    logs: {file: ${join(work, 'engine.log')}}`,
      '    runbook:',
      '      url: https://wiki.example/engine',
      '      text: Orders backing up? show-sessions first.',
      '      commands:',
      '        - {name: show-sessions, command: "echo sessions on {host}"}',
      `        - {name: flush-cache, changes: true, command: "touch ${work}/{host}.flushed"}`,
      '',
    ].join('\n'),
  );
});
afterEach(() => session?.kill());
afterAll(() => lab?.stop());

async function open(extra: string[] = []): Promise<PtySession> {
  const s = new PtySession(['--config', inventory, ...extra], { cols: 120, rows: 40, env });
  await s.waitFor(/2 up 0 down/);
  return s;
}

async function palette(s: PtySession, text: string): Promise<void> {
  s.write(':');
  await s.waitFor(/^: /m);
  s.write(text);
  await s.waitFor((screen) => screen.includes(`: ${text}`));
  s.write('\r');
}

describe('runbook commands and logs in the TUI, on the lab', () => {
  it('shows the runbook in the component detail; a read-only command from the palette runs on every host, output per host', async () => {
    session = await open();
    await palette(session, 'Emergency');
    const detail = await session.waitFor(/runbook commands: show-sessions, flush-cache \(changes hosts\)/);
    expect(detail).toContain('runbook https://wiki.example/engine');
    expect(detail).toContain('Orders backing up? show-sessions first.');
    await palette(session, 'show-sessions');
    const out = await session.waitFor(/engine show-sessions +read-only +2\/2 hosts +done/);
    expect(out).toMatch(/── lab-0 +exit 0 .*──\s+sessions on lab-0/);
    expect(out).toMatch(/── lab-1 +exit 0 .*──\s+sessions on lab-1/);
    expect(existsSync(auditFile) ? readFileSync(auditFile, 'utf8') : '').not.toContain('show-sessions');
  });

  it('a changing command is previewed, confirmed by its name, run host by host and audited', async () => {
    session = await open();
    await palette(session, 'flush-cache');
    const preview = await session.waitFor(/Type flush-cache and press Enter/);
    expect(preview).toContain('Runbook: engine flush-cache');
    expect(preview).toContain(`touch ${work}/'lab-1'.flushed`);
    expect(existsSync(join(work, 'lab-0.flushed'))).toBe(false);
    session.write('flush-cache\r');
    await session.waitFor(/engine flush-cache +changes hosts +2\/2 hosts +done/);
    expect([existsSync(join(work, 'lab-0.flushed')), existsSync(join(work, 'lab-1.flushed'))]).toEqual([true, true]);
    const records = readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r['action'] === 'runbook flush-cache').map((r) => [r['event'], r['host']])).toEqual([
      ['before', 'lab-0'],
      ['after', 'lab-0'],
      ['before', 'lab-1'],
      ['after', 'lab-1'],
    ]);
  });

  it('--read-only: the changing command is not in the palette, the read-only one is', async () => {
    session = await open(['--read-only']);
    session.write(':');
    await session.waitFor(/^: /m);
    session.write('flush');
    await session.waitFor((screen) => screen.includes(': flush') && screen.includes('no match'));
    session.write('\u0015');
    await session.waitFor((screen) => !screen.includes(': flush'));
    session.write('sessions');
    await session.waitFor(/Runbook: engine show-sessions/);
  });

  it('the Logs pane follows the component log on both hosts over the fleet connections', async () => {
    session = await open();
    await palette(session, 'Logs');
    await session.waitFor(/^lab-1 +2026-12-04T10:00:00Z engine up/m);
    appendFileSync(join(work, 'engine.log'), '2026-12-04T10:00:05Z order 7 rejected\n');
    const screen = await session.waitFor((s) => (s.match(/order 7 rejected/g) ?? []).length === 2);
    expect(screen).toMatch(/Logs +engine +4 lines +following/);
  });
});
