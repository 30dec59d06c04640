import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type CloseReason } from '../../src/ssh/connection.js';
import { HandshakeGate } from '../../src/ssh/gate.js';
import { SshConfigSource, type ResolvedHostConfig } from '../../src/ssh/ssh-config.js';
import { startLab, type Lab } from '../lab/lab.js';

let lab: Lab;
let source: SshConfigSource;

beforeAll(async () => {
  lab = await startLab({ hosts: 3 });
  source = new SshConfigSource({ home: lab.home });
});
afterAll(() => lab?.stop());

describe('when hosts fail', () => {
  it('fires close with a reason when sshd is killed mid-session, and connects again after restartHost', async () => {
    const conn = await connect(source.resolve('lab-0'), { env: lab.env });
    const closed = new Promise<CloseReason>((resolve) => conn.once('close', resolve));
    const running = conn.execText('sleep 600', { timeoutMs: 60_000 }).catch((e: unknown) => e);
    // sshd starts sessions in order: once the second one prints, the first (sleep) runs too.
    const second = await conn.exec('echo started; exec cat');
    await new Promise((resolve) => second.once('data', resolve));
    const secondClosed = new Promise((resolve) => second.once('close', resolve));
    await lab.killHost(0);
    const reason = await closed;
    expect(reason.kind).toBe('closed');
    expect(reason.message).toMatch(/^lab-0 \(127\.[\d.]+:\d+\): connection (closed by the remote host|reset by the remote host)$/);
    expect(conn.closed).toBe(true);
    await secondClosed;
    expect(await running).toMatchObject({ kind: 'closed', message: expect.stringContaining('lab-0: connection lost while running: sleep 600') });
    await expect(conn.execText('true', { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'closed' });

    await expect(connect(source.resolve('lab-0'), { env: lab.env })).rejects.toMatchObject({ kind: 'refused', host: 'lab-0' });
    await lab.restartHost(0);
    const again = await connect(source.resolve('lab-0'), { env: lab.env });
    expect((await again.execText('echo back', { timeoutMs: 10_000 })).stdout).toBe('back\n');
    again.close();
  });

  it('reports close() as requested', async () => {
    const conn = await connect(source.resolve('lab-2'), { env: lab.env });
    const closed = new Promise<CloseReason>((resolve) => conn.once('close', resolve));
    conn.close();
    expect(await closed).toEqual({ kind: 'requested', message: 'lab-2: closed by perfmon' });
  });

  it('notices a hung host through keepalives (ServerAliveInterval, ServerAliveCountMax)', async () => {
    const cfg: ResolvedHostConfig = { ...source.resolve('lab-1'), serverAliveIntervalMs: 200, serverAliveCountMax: 2 };
    const conn = await connect(cfg, { env: lab.env });
    const closed = new Promise<CloseReason>((resolve) => conn.once('close', resolve));
    lab.freezeHost(1);
    try {
      expect(await closed).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/^lab-1 .*: no answer to keepalives$/) });
    } finally {
      lab.thawHost(1);
    }
  });

  it('gives up on a host that accepts TCP but never speaks SSH (ConnectTimeout)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const cfg = source.resolve('lab-1', { hostName: '127.0.0.1', port: (silent.address() as AddressInfo).port });
      const err = await connect({ ...cfg, connectTimeoutMs: 300 }, { env: lab.env }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/^lab-1 \(127\.0\.0\.1:\d+\): no SSH session after 0\.3s \(ConnectTimeout\)$/) });
    } finally {
      silent.close();
    }
  });

  it('reports names that do not resolve as dns errors', async () => {
    const cfg = source.resolve('lab-1', { hostName: 'no-such-host.invalid' });
    await expect(connect(cfg, { env: lab.env })).rejects.toMatchObject({ kind: 'dns', host: 'lab-1' });
  });

  it('bounds concurrent handshakes with the gate and still connects everyone', async () => {
    const gate = new HandshakeGate({ global: 2, perFirstHop: 10 });
    let peak = 0;
    const acquire = gate.acquire.bind(gate);
    gate.acquire = async (hop: string) => {
      const release = await acquire(hop);
      peak = Math.max(peak, gate.active);
      return release;
    };
    const names = ['lab-0', 'lab-1', 'lab-2', 'lab-0', 'lab-1', 'lab-2'];
    const conns = await Promise.all(names.map((n) => connect(source.resolve(n), { env: lab.env, handshakeGate: gate })));
    expect(peak).toBe(2);
    expect(gate.active).toBe(0);
    conns.forEach((c) => c.close());
  });
});
