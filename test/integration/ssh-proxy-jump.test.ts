import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type CloseReason, type SshConnection } from '../../src/ssh/connection.js';
import { jumpChain, SshConfigSource, type ResolvedHostConfig } from '../../src/ssh/ssh-config.js';
import { generateKeyPair } from '../lab/keys.js';
import { startLab, type Lab } from '../lab/lab.js';

// The hosts live in a network namespace of their own: only the bastion's sessions run there.
let lab: Lab;
let source: SshConfigSource;

beforeAll(async () => {
  lab = await startLab({ hosts: 2, bastion: true });
  source = new SshConfigSource({ home: lab.home });
});
afterAll(() => lab?.stop());

async function serverEnd(conn: SshConnection): Promise<string> {
  // SSH_CONNECTION's last two fields: the address and port the session's sshd was reached on.
  const r = await conn.execText('echo "$SSH_CONNECTION"', { timeoutMs: 10_000 });
  return r.stdout.trim().split(' ').slice(2).join(':');
}

/** The same host, with every hop checked against `file` instead of the lab's known_hosts. */
function withKnownHosts(cfg: ResolvedHostConfig, file: string): ResolvedHostConfig {
  return { ...cfg, userKnownHostsFiles: [file], proxyJump: cfg.proxyJump && withKnownHosts(cfg.proxyJump, file) };
}

describe('ProxyJump through the lab bastion', () => {
  it('cannot reach a host directly: it is only reachable through the bastion', async () => {
    const direct = source.resolve('lab-0', { proxyJump: 'none' });
    await expect(connect(direct, { env: lab.env })).rejects.toMatchObject({ kind: 'refused' });
    const viaBastion = source.resolve('lab-0');
    expect(jumpChain(viaBastion).map((h) => h.alias)).toEqual(['lab-bastion', 'lab-0']);
    const conn = await connect(viaBastion, { env: lab.env });
    expect(await serverEnd(conn)).toBe(`${lab.hosts[0]!.address}:${lab.hosts[0]!.port}`);
    conn.close();
  });

  it('follows a 2-hop chain (bastion, then lab-0, then lab-1), verifying every hop’s host key', async () => {
    const target = source.resolve('lab-1', { proxyJump: 'lab-bastion,lab-0' });
    expect(jumpChain(target).map((h) => h.alias)).toEqual(['lab-bastion', 'lab-0', 'lab-1']);
    const conn = await connect(target, { env: lab.env });
    expect(await serverEnd(conn)).toBe(`${lab.hosts[1]!.address}:${lab.hosts[1]!.port}`);
    conn.close();

    // Give the middle hop a wrong key: the chain stops there, and says so.
    const stranger = await generateKeyPair(`${lab.dir}/stranger`);
    const name = `[${lab.hosts[0]!.address}]:${lab.hosts[0]!.port}`;
    const lines = readFileSync(lab.knownHostsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (l.startsWith(`${name} `) ? `${name} ${stranger.publicText}` : l));
    const file = `${lab.dir}/known_hosts.middle-changed`;
    writeFileSync(file, `${lines.join('\n')}\n`);
    const err = await connect(withKnownHosts(target, file), { env: lab.env }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'host-key-changed', host: 'lab-1', hop: 'lab-0', file, line: lines.indexOf(`${name} ${stranger.publicText}`) + 1 });
    expect((err as Error).message).toMatch(/^lab-1: jump host lab-0: REFUSED: the host key of \[/);
  });

  it('says which hop could not reach the next one', async () => {
    const target = source.resolve('lab-1', { port: 1 });
    const err = await connect(target, { env: lab.env }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'proxy', host: 'lab-1', hop: 'lab-bastion' });
    expect((err as Error).message).toContain(`lab-1: jump host lab-bastion: cannot reach lab-1 (${lab.hosts[1]!.address}:1) from there`);
  });

  it('closes the connection with a reason when the bastion dies, and reconnects once it is back', async () => {
    const conn = await connect(source.resolve('lab-0'), { env: lab.env });
    const closed = new Promise<CloseReason>((resolve) => conn.once('close', resolve));
    await lab.killHost('bastion');
    const reason = await closed;
    expect(reason).toEqual({
      kind: 'closed',
      message: `lab-0: jump host lab-bastion (${lab.bastion!.address}:${lab.bastion!.port}): connection closed by the remote host`,
    });
    await expect(connect(source.resolve('lab-0'), { env: lab.env })).rejects.toMatchObject({ kind: 'refused', hop: 'lab-bastion' });
    await lab.restartHost('bastion');
    const again = await connect(source.resolve('lab-0'), { env: lab.env });
    expect(await serverEnd(again)).toBe(`${lab.hosts[0]!.address}:${lab.hosts[0]!.port}`);
    again.close();
  });
});
