import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, SshError, type SshConnection } from '../../src/ssh/connection.js';
import { SshConfigSource } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';

let lab: Lab;
let source: SshConfigSource;
const open: SshConnection[] = [];

beforeAll(async () => {
  lab = await startLab({ hosts: 3 });
  // The lab HOME's ~/.ssh/config, plus the machine's /etc/ssh/ssh_config, as an operator has.
  source = new SshConfigSource({ home: lab.home });
});
afterAll(async () => {
  open.forEach((c) => c.close());
  await lab?.stop();
});

async function to(name: string, options: Parameters<typeof connect>[1] = {}): Promise<SshConnection> {
  const conn = await connect(source.resolve(name), { env: lab.env, ...options });
  open.push(conn);
  return conn;
}

function loadavg(text: string): { load15: number; total: number } {
  const m = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) (\d+)\/(\d+) (\d+)\n$/.exec(text);
  if (!m) throw new Error(`not /proc/loadavg: ${JSON.stringify(text)}`);
  return { load15: Number(m[3]), total: Number(m[5]) };
}

describe('exec on lab hosts', () => {
  it('runs a command on 3 hosts, each through its own sshd, and reads /proc/loadavg', async () => {
    const conns = await Promise.all(lab.hosts.map((h) => to(h.name)));
    const results = await Promise.all(conns.map((c) => c.execText('echo "$SSH_CONNECTION"; id -un; cat /proc/loadavg', { timeoutMs: 15_000 })));
    // The lab hosts share this machine's kernel: their /proc/loadavg is ours.
    const local = loadavg(readFileSync('/proc/loadavg', 'utf8'));
    results.forEach((r, i) => {
      const [connection, user, ...rest] = r.stdout.split('\n');
      expect(r.code).toBe(0);
      expect(connection!.split(' ').slice(2)).toEqual([lab.hosts[i]!.address, String(lab.hosts[i]!.port)]);
      expect(user).toBe(lab.user);
      const remote = loadavg(`${rest.join('\n').trim()}\n`);
      expect(Math.abs(remote.load15 - local.load15)).toBeLessThanOrEqual(0.2 + local.load15 * 0.1);
      expect(Math.abs(remote.total - local.total)).toBeLessThan(500);
    });
  });

  it('returns exit codes, signals, stderr and stdin', async () => {
    const conn = await to('lab-0');
    expect(await conn.execText('echo out; echo err >&2; exit 7', { timeoutMs: 10_000 })).toEqual({
      code: 7,
      signal: null,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    const killed = await conn.execText('kill -TERM $$', { timeoutMs: 10_000 });
    expect([killed.code, killed.signal]).toEqual([null, 'SIGTERM']);
    const input = 'línea 1\nline "2" $(nope)\n';
    expect((await conn.execText('cat; printf %s "$PERFMON_TEST"', { timeoutMs: 10_000, stdin: input, env: { PERFMON_TEST: 'x y' } })).stdout).toBe(
      `${input}x y`,
    );
  });

  it('kills a command that outlives its timeout and frees its session', async () => {
    const conn = await to('lab-1');
    const err = await conn.execText('sleep 300', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect(err).toMatchObject({ kind: 'timeout', message: 'lab-1: command timed out after 0.3s: sleep 300' });
    expect(conn.sessionCounts.open).toBe(0);
    expect((await conn.execText('echo still here', { timeoutMs: 10_000 })).stdout).toBe('still here\n');
  });

  it('runs 12 exec channels on one connection under MaxSessions 10: two wait in the queue, all succeed', async () => {
    const conn = await to('lab-2');
    // Each command waits for its stdin to close, so we decide when sessions end.
    const pending = Array.from({ length: 12 }, (_, i) => conn.exec(`cat >/dev/null; echo done ${i}`));
    const first = await Promise.all(pending.slice(0, 10));
    expect(conn.sessionCounts).toEqual({ open: 10, waiting: 2, limit: 10 });
    const outputs = pending.map(async (p) => {
      const channel = await p;
      let text = '';
      channel.on('data', (d: Buffer) => (text += d.toString()));
      await new Promise((resolve) => channel.once('close', resolve));
      return text;
    });
    first.forEach((channel) => channel.end());
    (await Promise.all(pending.slice(10))).forEach((channel) => channel.end());
    expect(await Promise.all(outputs)).toEqual(Array.from({ length: 12 }, (_, i) => `done ${i}\n`));
    expect(conn.sessionCounts).toEqual({ open: 0, waiting: 0, limit: 10 });
  });

  it('sshd really stops at 10 sessions: without our cap the 11th and 12th are refused', async () => {
    const conn = await to('lab-2', { maxSessions: 12 });
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => conn.exec('cat >/dev/null')));
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(refused).toHaveLength(2);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ kind: 'protocol', message: expect.stringMatching(/^lab-2: exec refused by the server/) });
    attempts.forEach((a) => a.status === 'fulfilled' && a.value.end());
  });

  it('offers sftp as a counted session', async () => {
    const conn = await to('lab-0');
    const sftp = await conn.sftp();
    expect(conn.sessionCounts.open).toBe(1);
    const path = `/tmp/perfmon-sftp-${process.pid}-${Date.now()}`;
    await new Promise<void>((resolve, reject) => sftp.writeFile(path, 'via sftp\n', (err) => (err ? reject(err) : resolve())));
    expect((await conn.execText(`cat ${path}; rm ${path}`, { timeoutMs: 10_000 })).stdout).toBe('via sftp\n');
    const closed = new Promise((resolve) => sftp.once('close', resolve));
    sftp.end();
    await closed;
    expect(conn.sessionCounts.open).toBe(0);
  });

  it('forwards a TCP connection from the host (direct-tcpip), which is not a session', async () => {
    const server: Server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const conn = await to('lab-1');
      const stream = await conn.forwardOut('127.0.0.1', (server.address() as AddressInfo).port);
      expect(conn.sessionCounts.open).toBe(0);
      const echoed = new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
      stream.write('ping through the host');
      expect(await echoed).toBe('ping through the host');
      stream.end();
      const refused = await conn.forwardOut('127.0.0.1', 1).catch((e: unknown) => e);
      expect(refused).toMatchObject({ kind: 'protocol', message: expect.stringContaining('lab-1: forward to 127.0.0.1:1 refused by the server') });
    } finally {
      server.close();
    }
  });

  it('allocates a pseudo-terminal on request', async () => {
    const conn = await to('lab-0');
    const channel = await conn.exec('tty', { pty: true });
    let text = '';
    channel.on('data', (d: Buffer) => (text += d.toString()));
    await new Promise((resolve) => channel.once('close', resolve));
    expect(text.trim()).toMatch(/^\/dev\/pts\/\d+$/);
  });
});
