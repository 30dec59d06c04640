import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, forgetPassphrases, SshError } from '../../src/ssh/connection.js';
import { SshConfigSource, type ResolvedHostConfig } from '../../src/ssh/ssh-config.js';
import { generateKeyPair, type KeyPair } from '../lab/keys.js';
import { startLab, type Lab } from '../lab/lab.js';

let lab: Lab;
let agent: ChildProcess | undefined;
let agentSocket: string;
let agentKey: KeyPair;
let lockedKey: KeyPair;
let strangerKey: KeyPair;

beforeAll(async () => {
  // Low MaxAuthTries so a client offering too many keys is cut off (the IdentitiesOnly case).
  lab = await startLab({ hosts: 1, sshdConfig: ['MaxAuthTries 3'] });
  const keys = join(lab.dir, 'keys');
  execFileSync('mkdir', ['-p', keys]);
  agentKey = await generateKeyPair(join(keys, 'agent_only'), { comment: 'agent-key' });
  lockedKey = await generateKeyPair(join(keys, 'locked'), { passphrase: 'correct horse', comment: 'locked-key' });
  strangerKey = await generateKeyPair(join(keys, 'stranger'), { comment: 'unauthorised' });
  await lab.authorizeKey(agentKey.publicText);
  await lab.authorizeKey(lockedKey.publicText);

  // A real ssh-agent of our own, holding only agentKey; -D prints its socket once it listens.
  agentSocket = join(lab.dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(agent.stdout!, 'data');
  execFileSync('ssh-add', ['-q', agentKey.privateFile], { env: { ...lab.env, SSH_AUTH_SOCK: agentSocket } });
});
afterAll(async () => {
  agent?.kill();
  await lab?.stop();
});

/** lab-0 with these identity files (nothing else configured), like a fresh ~/.ssh/config entry. */
function host(identityFiles: string[], extra: Partial<ResolvedHostConfig> = {}): ResolvedHostConfig {
  const h = lab.hosts[0]!;
  const config = join(lab.dir, `config.${Math.random().toString(36).slice(2)}`);
  const lines = [`Host t`, `  HostName ${h.address}`, `  Port ${h.port}`, `  User ${lab.user}`, `  UserKnownHostsFile ${lab.knownHostsFile}`];
  lines.push(...identityFiles.map((f) => `  IdentityFile ${f}`));
  writeFileSync(config, `${lines.join('\n')}\n`);
  return { ...new SshConfigSource({ home: lab.home, configFiles: [config] }).resolve('t'), ...extra };
}

async function whoami(cfg: ResolvedHostConfig, options: Parameters<typeof connect>[1]): Promise<string> {
  const conn = await connect(cfg, options);
  try {
    return (await conn.execText('id -un', { timeoutMs: 10_000 })).stdout.trim();
  } finally {
    conn.close();
  }
}

describe('authentication', () => {
  it('uses the default identity files when none is configured (~/.ssh/id_ed25519)', async () => {
    const cfg = host([]);
    expect(cfg.identityFiles[0]).toBe(join(lab.home, '.ssh', 'id_ed25519'));
    expect(await whoami(cfg, { env: lab.env })).toBe(lab.user);
  });

  it('authenticates with the ssh-agent first, whose key is in no file we were given', async () => {
    const cfg = host([strangerKey.privateFile]);
    expect(await whoami(cfg, { env: { ...lab.env, SSH_AUTH_SOCK: agentSocket } })).toBe(lab.user);
    // Without the agent, the configured (unauthorised) file alone fails, and the error says what was tried.
    const err = await connect(cfg, { env: lab.env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshError);
    expect(err).toMatchObject({ kind: 'auth', host: 't' });
    expect((err as Error).message).toContain(`authentication as ${lab.user} failed: tried ${strangerKey.privateFile}`);
  });

  it('with IdentitiesOnly, offers only the agent keys that match the identity files', async () => {
    const env = { ...lab.env, SSH_AUTH_SOCK: agentSocket };
    await expect(connect(host([strangerKey.privateFile], { identitiesOnly: true }), { env })).rejects.toMatchObject({ kind: 'auth' });
    // agentKey's .pub names the agent's key; its private half is not even needed on disk.
    const pubOnly = join(lab.dir, 'keys', 'agent_pub_only');
    writeFileSync(`${pubOnly}.pub`, `${agentKey.publicText}\n`);
    expect(await whoami(host([pubOnly], { identitiesOnly: true }), { env })).toBe(lab.user);
  });

  it('asks for a passphrase once per key file for any number of connections', async () => {
    forgetPassphrases();
    const asked: string[] = [];
    const askPassphrase = async (file: string): Promise<string> => {
      asked.push(file);
      return 'correct horse';
    };
    const cfg = host([lockedKey.privateFile]);
    expect(await whoami(cfg, { env: lab.env, askPassphrase })).toBe(lab.user);
    expect(await whoami(cfg, { env: lab.env, askPassphrase })).toBe(lab.user);
    await Promise.all([whoami(cfg, { env: lab.env, askPassphrase }), whoami(cfg, { env: lab.env, askPassphrase })]);
    expect(asked).toEqual([lockedKey.privateFile]);
  });

  it('asks again after a wrong passphrase, and never without a way to ask', async () => {
    forgetPassphrases();
    const answers = ['wrong', 'correct horse'];
    const asked: string[] = [];
    const askPassphrase = async (file: string): Promise<string | undefined> => (asked.push(file), answers.shift());
    expect(await whoami(host([lockedKey.privateFile]), { env: lab.env, askPassphrase })).toBe(lab.user);
    expect(asked).toHaveLength(2);

    forgetPassphrases();
    const err = await connect(host([lockedKey.privateFile]), { env: lab.env }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth' });
    expect((err as Error).message).toContain(`skipped ${lockedKey.privateFile} (encrypted, and there is no way to ask for its passphrase here)`);
  });

  it('reports the server cutting off a client that offers too many keys as an auth failure', async () => {
    const keys = join(lab.dir, 'keys');
    const strangers = await Promise.all([1, 2, 3, 4].map((i) => generateKeyPair(join(keys, `many_${i}`))));
    const err = await connect(host(strangers.map((k) => k.privateFile)), { env: lab.env }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', message: expect.stringContaining('Too many authentication failures') });
  });

  it('reports a declined passphrase and a missing configured key', async () => {
    forgetPassphrases();
    const missing = join(lab.dir, 'keys', 'nope');
    const err = await connect(host([missing, lockedKey.privateFile]), { env: lab.env, askPassphrase: async () => undefined }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain(`skipped ${missing} (missing); ${lockedKey.privateFile} (encrypted, and no passphrase was given)`);
  });
});
