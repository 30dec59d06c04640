import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './lab.js';

const labs: Lab[] = [];
afterAll(() => Promise.all(labs.map((l) => l.stop())));

function sshArgs(lab: Lab, host: string, command: string): string[] {
  return ['-F', lab.sshConfigFile, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', host, command];
}

/** Live pids whose command line mentions `marker` (the lab's sessions run on this machine). */
function processesMentioning(marker: string, except: number): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== except)
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('the lab', () => {
  it('starts labs in parallel on distinct addresses that OpenSSH’s own ssh can use', async () => {
    labs.push(...(await Promise.all([startLab({ hosts: 2 }), startLab({ hosts: 2 })])));
    const endpoints = labs.flatMap((l) => l.hosts.map((h) => `${h.address}:${h.port}`));
    expect(new Set(endpoints).size).toBe(4);
    for (const lab of labs) {
      for (const host of lab.hosts) {
        const ssh = spawnSync('ssh', sshArgs(lab, host.name, 'echo "$USER $SSH_CONNECTION"'), { env: lab.env, encoding: 'utf8' });
        expect(ssh.stderr).toBe('');
        expect(ssh.stdout.trim().split(' ')).toEqual([lab.user, expect.any(String), expect.any(String), host.address, String(host.port)]);
      }
    }
  });

  it('killHost kills the host’s sessions too, as a dead machine would', async () => {
    const lab = labs[0]!;
    const marker = String(600_000 + Math.floor(Math.random() * 99_999));
    // The remote shell (then sleep, which it becomes) carries the marker in its command line.
    const client = spawn('ssh', sshArgs(lab, 'lab-1', `echo up; exec sleep ${marker}`), { env: lab.env });
    await once(client.stdout, 'data');
    expect(processesMentioning(marker, client.pid!)).toHaveLength(1);
    const exited = once(client, 'exit');
    await lab.killHost(1);
    await exited;
    expect(processesMentioning(marker, client.pid!)).toEqual([]);
    expect(spawnSync('ssh', sshArgs(lab, 'lab-1', 'true'), { env: lab.env }).status).toBe(255);
    await lab.restartHost(1);
    expect(spawnSync('ssh', sshArgs(lab, 'lab-1', 'true'), { env: lab.env }).status).toBe(0);
  });

  it('stop() removes its directory and every daemon it started', async () => {
    const lab = labs.pop()!;
    const pids = readdirSync(`${lab.dir}/pids`).map((f) => Number(readFileSync(`${lab.dir}/pids/${f}`, 'utf8')));
    expect(pids).toHaveLength(2);
    await lab.stop();
    expect(existsSync(lab.dir)).toBe(false);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
