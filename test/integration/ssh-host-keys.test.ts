import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, SshError } from '../../src/ssh/connection.js';
import { SshConfigSource, type ResolvedHostConfig, type StrictHostKeyChecking } from '../../src/ssh/ssh-config.js';
import { generateKeyPair, type KeyPair } from '../lab/keys.js';
import { startLab, type Lab, type LabHost } from '../lab/lab.js';

let lab: Lab;
let source: SshConfigSource;
let stranger: KeyPair;
let scratch: string;

beforeAll(async () => {
  // Two key types per host: a host known only by its RSA key must still verify.
  lab = await startLab({ hosts: 2, hostKeyTypes: ['ed25519', 'rsa'] });
  source = new SshConfigSource({ home: lab.home });
  scratch = mkdtempSync(join(tmpdir(), 'perfmon-hostkeys-'));
  stranger = await generateKeyPair(join(scratch, 'stranger'), { comment: 'not-the-host' });
});
afterAll(async () => {
  await lab?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

let n = 0;
function knownHosts(lines: string[]): string {
  const file = join(scratch, `known_hosts.${n++}`);
  writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');
  return file;
}

function nameOf(host: LabHost): string {
  return `[${host.address}]:${host.port}`;
}

/** lab-<i> as configured, but checked against `file` only. */
function target(i: number, file: string, strict?: StrictHostKeyChecking): ResolvedHostConfig {
  const r = source.resolve(`lab-${i}`);
  return { ...r, userKnownHostsFiles: [file], globalKnownHostsFiles: [], ...(strict ? { strictHostKeyChecking: strict } : {}) };
}

/** OpenSSH's own fingerprint of a host key. */
function sshFingerprint(pubFile: string): string {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' }).split(' ')[1]!;
}

async function refusal(cfg: ResolvedHostConfig, options: Parameters<typeof connect>[1] = {}): Promise<SshError> {
  const err = await connect(cfg, { env: lab.env, ...options }).then(
    (conn) => {
      conn.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SshError);
  return err as SshError;
}

async function works(cfg: ResolvedHostConfig, options: Parameters<typeof connect>[1] = {}): Promise<void> {
  const conn = await connect(cfg, { env: lab.env, ...options });
  expect((await conn.execText('echo ok', { timeoutMs: 10_000 })).stdout).toBe('ok\n');
  conn.close();
}

describe('host key verification against the lab', () => {
  it('accepts the lab’s own known_hosts: a plain [host]:port entry and a hashed one', async () => {
    const lines = readFileSync(lab.knownHostsFile, 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith(nameOf(lab.hosts[0]!)))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('|1|'))).toHaveLength(2);
    await works(source.resolve('lab-0'));
    await works(source.resolve('lab-1'));
  });

  it('refuses an unknown host with its SHA256 fingerprint and the way to accept it', async () => {
    const file = knownHosts([]);
    const err = await refusal(target(0, file));
    expect(err.kind).toBe('host-key-unknown');
    expect(err.fingerprint).toBe(sshFingerprint(`${lab.hosts[0]!.hostKeyFile}.pub`));
    expect(err.message).toContain(`lab-0: the host key of ${nameOf(lab.hosts[0]!)} is not known (ED25519 ${err.fingerprint})`);
    expect(err.message).toContain('--accept-new');
    expect(err.message).toContain('StrictHostKeyChecking accept-new');
    expect(err.message).not.toContain('\n');
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('--accept-new records the key (as OpenSSH can read it), then the host connects without it', async () => {
    const file = knownHosts([]);
    const added: string[] = [];
    await works(target(1, file), { acceptNew: true, onHostKeyAdded: (a) => added.push(`${a.name} ${a.file}:${a.line} ${a.fingerprint}`) });
    const fingerprint = sshFingerprint(`${lab.hosts[1]!.hostKeyFile}.pub`);
    expect(added).toEqual([`${nameOf(lab.hosts[1]!)} ${file}:1 ${fingerprint}`]);
    expect(execFileSync('ssh-keygen', ['-F', nameOf(lab.hosts[1]!), '-f', file], { encoding: 'utf8' })).toContain('ssh-ed25519');
    await works(target(1, file));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('StrictHostKeyChecking accept-new (and no/off) record unknown keys too', async () => {
    for (const strict of ['accept-new', 'no'] as const) {
      const file = knownHosts([]);
      await works(target(0, file, strict));
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    }
  });

  it('never accepts every key: UserKnownHostsFile /dev/null with StrictHostKeyChecking no is refused', async () => {
    const cfg = { ...target(0, '/dev/null', 'no') };
    const err = await refusal(cfg, { acceptNew: true });
    expect(err.kind).toBe('host-key-unknown');
    expect(err.message).toContain('/dev/null does not keep what is written to it');
  });

  it('refuses a changed key loudly, naming the known_hosts file and line, and leaves the file alone', async () => {
    const host = lab.hosts[0]!;
    const file = knownHosts([`other.example ${stranger.publicText}`, `${nameOf(host)} ${stranger.publicText}`]);
    const before = readFileSync(file, 'utf8');
    for (const strict of ['yes', 'accept-new', 'no'] as const) {
      const err = await refusal(target(0, file, strict), { acceptNew: true });
      expect(err).toMatchObject({ kind: 'host-key-changed', file, line: 2, fingerprint: sshFingerprint(`${host.hostKeyFile}.pub`) });
      expect(err.message).toContain(`HAS CHANGED`);
      expect(err.message).toContain(`${file}:2 has ${sshFingerprint(stranger.publicFile)}`);
      expect(err.message).toContain(`ssh-keygen -R '${nameOf(host)}'`);
      if (strict === 'no') expect(err.message).toContain('StrictHostKeyChecking no/off never makes perfmon accept a changed or revoked key');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a @revoked key even next to a line that accepts it', async () => {
    const host = lab.hosts[1]!;
    const key = host.hostKeys[0]!.publicText;
    const file = knownHosts([`${nameOf(host)} ${key}`, `@revoked * ${key}`]);
    const err = await refusal(target(1, file), { acceptNew: true });
    expect(err).toMatchObject({ kind: 'host-key-revoked', file, line: 2 });
    expect(err.message).toContain(`is marked @revoked in ${file}:2`);
  });

  it('verifies a host known only by its RSA key (the known type is negotiated first)', async () => {
    const host = lab.hosts[0]!;
    const rsa = host.hostKeys.find((k) => k.publicText.startsWith('ssh-rsa '))!;
    await works(target(0, knownHosts([`${nameOf(host)} ${rsa.publicText}`])));
  });

  it('looks the key up under HostKeyAlias when one is set', async () => {
    const file = knownHosts([`lab-alias ${lab.hosts[1]!.hostKeys[0]!.publicText}`]);
    await works({ ...target(1, file), hostKeyAlias: 'lab-alias' });
  });

  it('sees the same mismatch OpenSSH’s ssh sees, where ssh under StrictHostKeyChecking=no still logs in', () => {
    const host = lab.hosts[0]!;
    const file = knownHosts([`${nameOf(host)} ${stranger.publicText}`]);
    const args = ['-F', lab.sshConfigFile, '-o', `UserKnownHostsFile=${file}`, '-o', 'StrictHostKeyChecking=no', '-o', 'BatchMode=yes', 'lab-0', 'echo in'];
    const ssh = spawnSync('ssh', args, { env: lab.env, encoding: 'utf8' });
    expect(ssh.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(ssh.stderr).toContain(`${file}:1`);
    // This is the behaviour perfmon deliberately does not copy (see the changed-key test above).
    expect(ssh.stdout).toBe('in\n');
  });
});
