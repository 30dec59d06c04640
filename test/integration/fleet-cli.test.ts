import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../src/model/host-snapshot.js';
import { startLab, type Lab } from '../lab/lab.js';
import { generateKeyPair } from '../lab/keys.js';
import { PtySession } from '../e2e/pty-session.js';

const BIN = fileURLToPath(new URL('../../bin/perfmon.js', import.meta.url));

function perfmon(lab: Lab, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: lab.env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('perfmon on a lab inventory', () => {
  let lab: Lab;
  let inventory: string;
  beforeAll(async () => {
    lab = await startLab({ hosts: 3 });
    inventory = join(lab.dir, 'perfmon.yaml');
    writeFileSync(
      inventory,
      ['environment: staging', 'hosts:', ...lab.hosts.map((h) => `  - { name: ${h.name}, address: ${h.name} }`), 'groups:', '  pair: [lab-0, lab-1]', ''].join('\n'),
    );
  });
  afterAll(() => lab?.stop());

  it('snapshot --json reads every host in the documented shape and exits 0 when all are up', async () => {
    const { code, stdout } = await perfmon(lab, ['snapshot', '--json', '--config', inventory, '--interval', '0.5']);
    expect(code).toBe(0);
    const { hosts } = JSON.parse(stdout) as { hosts: HostSnapshot[] };
    expect(hosts.map((h) => h.name)).toEqual(['lab-0', 'lab-1', 'lab-2']);
    for (const h of hosts) {
      expect(h.status).toBe('up');
      expect(h.cpu.cores).toBeGreaterThan(0);
      expect(h.filesystems.length).toBeGreaterThan(0);
      expect(h.processes.length).toBeGreaterThan(0);
    }
  });

  it('--group narrows to the group; an unknown group is a usage error naming the known ones', async () => {
    const { code, stdout } = await perfmon(lab, ['snapshot', '--json', '--config', inventory, '--group', 'pair', '--interval', '0.25']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { hosts: HostSnapshot[] }).hosts.map((h) => h.name)).toEqual(['lab-0', 'lab-1']);
    const bad = await perfmon(lab, ['snapshot', '--config', inventory, '--group', 'pear']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown group 'pear'");
    expect(bad.stderr).toContain('pair');
  });

  it('an ad-hoc target from ~/.ssh/config works without an inventory', async () => {
    const { code, stdout } = await perfmon(lab, ['snapshot', '--json', 'lab-2', '--interval', '0.25']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { hosts: HostSnapshot[] }).hosts[0]!.name).toBe('lab-2');
  });

  it('exits 3 with the down host and its reason when a host is down', async () => {
    await lab.killHost(2);
    try {
      const { code, stdout } = await perfmon(lab, ['snapshot', '--json', '--config', inventory, '--interval', '0.25']);
      expect(code).toBe(3);
      const down = (JSON.parse(stdout) as { hosts: HostSnapshot[] }).hosts.find((h) => h.name === 'lab-2')!;
      expect(down.status).toBe('down');
      expect(down.error).toMatch(/^refused: /);
      const table = await perfmon(lab, ['snapshot', '--config', inventory, '--interval', '0.25']);
      expect(table.code).toBe(3);
      expect(table.stdout).toMatch(/3 hosts: 2 up, 1 down/);
      expect(table.stdout).toMatch(/✖ lab-2 +DOWN · connection refused/);
    } finally {
      await lab.restartHost(2);
    }
  });

  it('an invalid inventory is refused with file:line:column before anything connects', async () => {
    const broken = join(lab.dir, 'broken.yaml');
    writeFileSync(broken, 'hosts:\n  - name: a\n    prot: 22\n');
    const { code, stderr } = await perfmon(lab, ['snapshot', '--config', broken]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${broken}:3:5`);
    expect(stderr).toContain("did you mean 'port'");
  });

  it('the UI shows the fleet at 80×24, drills into a host and quits cleanly', async () => {
    const session = new PtySession(['--config', inventory], { cols: 80, rows: 24, env: lab.env as Record<string, string> });
    try {
      await session.waitFor(/3 up 0 down/);
      expect(session.screen()[0]).toContain('STAGING');
      // A CPU figure (marked ▲ or ✖ when the machine running the tests is busy).
      await session.waitFor(/● lab-2 +[▲✖]?\d/);
      session.write('\r');
      await session.waitFor(/^CPU {2}\S/m);
      expect(session.screen()[0]).toMatch(/host lab-\d/);
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
    } finally {
      session.kill();
    }
  });
});

describe('a key with a passphrase, in the UI', () => {
  let lab: Lab;
  let inventory: string;
  beforeAll(async () => {
    lab = await startLab({ hosts: 1 });
    const key = await generateKeyPair(join(lab.dir, 'locked'), { passphrase: 'correct horse', comment: 'locked-key' });
    await lab.authorizeKey(key.publicText);
    inventory = join(lab.dir, 'locked.yaml');
    writeFileSync(inventory, `hosts:\n  - { name: ${lab.hosts[0]!.name}, address: ${lab.hosts[0]!.name}, identityFile: ${key.privateFile} }\n`);
  });
  afterAll(() => lab?.stop());

  it('asks for the passphrase once in a dialog, never shows it, and connects with it', async () => {
    // IdentitiesOnly in the lab's ssh config would offer only the lab key; the inventory's key comes first.
    const session = new PtySession(['--config', inventory], { cols: 80, rows: 24, env: lab.env as Record<string, string> });
    try {
      await session.waitFor(/Passphrase for .*locked/);
      session.write('correct horse');
      session.write('\r');
      await session.waitFor(/1 up 0 down/);
      expect(session.raw).not.toContain('correct horse');
      session.write('q');
      expect((await session.exited).exitCode).toBe(0);
    } finally {
      session.kill();
    }
  });
});
