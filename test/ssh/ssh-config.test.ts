import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jumpChain, resolveHostConfig, type HostOverrides, type ResolvedHostConfig } from '../../src/ssh/ssh-config.js';

const sample = join(import.meta.dirname, '../../fixtures/ssh/ssh_config.sample');
// ssh expands ~ and %d from the passwd entry, so compare with the same home.
const home = userInfo().homedir || homedir();
const localUser = userInfo().username;

/** `ssh -G` on the same file: OpenSSH's own resolution, as key → values. */
function sshG(alias: string, overrides: HostOverrides = {}): Map<string, string[]> {
  const args = ['-G', '-F', sample];
  if (overrides.port) args.push('-p', String(overrides.port));
  if (overrides.user) args.push('-l', overrides.user);
  if (overrides.proxyJump) args.push('-J', overrides.proxyJump);
  if (overrides.hostName) args.push('-o', `HostName=${overrides.hostName}`);
  const out = execFileSync('ssh', [...args, alias], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const map = new Map<string, string[]>();
  for (const line of out.trim().split('\n')) {
    const [key, ...rest] = line.split(' ');
    map.set(key!, [...(map.get(key!) ?? []), rest.join(' ')]);
  }
  return map;
}

// OpenSSH 9.2's ssh -G prints IdentityFile unexpanded; expand the few tokens the sample uses.
function expandLikeSsh(value: string, r: ResolvedHostConfig): string {
  return value
    .replace(/^~/, home)
    .replace(/%d/g, home)
    .replace(/%r/g, r.user)
    .replace(/%u/g, localUser)
    .replace(/%h/g, r.hostName)
    .replace(/%p/g, String(r.port));
}

function compare(alias: string, overrides: HostOverrides = {}): ResolvedHostConfig {
  const ours = resolveHostConfig(alias, { home, localUser, configFiles: [sample], overrides });
  const theirs = sshG(alias, overrides);
  const one = (key: string): string | undefined => theirs.get(key)?.[0];
  const strict = { true: 'yes', false: 'no' }[one('stricthostkeychecking') as 'true' | 'false'] ?? one('stricthostkeychecking');
  expect({
    hostname: ours.hostName,
    user: ours.user,
    port: String(ours.port),
    identitiesonly: ours.identitiesOnly ? 'yes' : 'no',
    proxyjump: ours.proxyJumpText === 'none' ? undefined : ours.proxyJumpText,
    proxycommand: ours.proxyCommand,
    connecttimeout: ours.connectTimeoutMs === undefined ? 'none' : String(ours.connectTimeoutMs / 1000),
    serveraliveinterval: String(ours.serverAliveIntervalMs / 1000),
    serveralivecountmax: String(ours.serverAliveCountMax),
    stricthostkeychecking: ours.strictHostKeyChecking,
    userknownhostsfile: ours.userKnownHostsFiles.join(' '),
    globalknownhostsfile: ours.globalKnownHostsFiles.join(' '),
    hostkeyalias: ours.hostKeyAlias,
    hashknownhosts: ours.hashKnownHosts ? 'yes' : 'no',
  }).toEqual({
    hostname: one('hostname'),
    user: one('user'),
    port: one('port'),
    identitiesonly: one('identitiesonly'),
    proxyjump: one('proxyjump'),
    proxycommand: one('proxycommand'),
    connecttimeout: one('connecttimeout'),
    serveraliveinterval: one('serveraliveinterval'),
    serveralivecountmax: one('serveralivecountmax'),
    stricthostkeychecking: strict,
    userknownhostsfile: one('userknownhostsfile'),
    globalknownhostsfile: one('globalknownhostsfile'),
    hostkeyalias: one('hostkeyalias'),
    hashknownhosts: one('hashknownhosts'),
  });
  if (ours.identityFilesConfigured) {
    expect(ours.identityFiles).toEqual(theirs.get('identityfile')!.map((f) => expandLikeSsh(f, ours)));
  }
  return ours;
}

describe('resolveHostConfig agrees with ssh -G', () => {
  const aliases = ['bastion', 'web-1', 'WEB-2', 'web-canary', 'db1', 'db2', 'inner', 'legacy', 'lax', 'strict', 'a.internal', 'skip.internal', 'unlisted.example'];
  for (const alias of aliases) it(alias, () => compare(alias));

  it('lets explicit user, port, address and jump overrides win as on the command line', () => {
    compare('web-1', { user: 'alice', port: 2022 });
    compare('db1', { hostName: '10.9.9.9' });
    compare('web-1', { proxyJump: 'none' });
    compare('unlisted.example', { proxyJump: 'carol@bastion:2300,inner' });
  });
});

describe('ProxyJump chains', () => {
  it('resolves every hop through ssh_config, like ssh -J does', () => {
    const target = compare('db1');
    const chain = jumpChain(target);
    expect(chain.map((h) => `${h.user}@${h.hostName}:${h.port}`)).toEqual([
      'ops@bastion.example.net:2222',
      `${localUser}@192.168.1.10:22`,
      `${localUser}@10.20.0.5:2205`,
    ]);
    // ssh -J ops@bastion:2222,inner db1 runs `ssh -p 2222 -l ops bastion` and `ssh -J ops@bastion:2222 inner`.
    const [first, middle] = chain;
    expect(first).toEqual(compare('bastion', { user: 'ops', port: 2222 }));
    expect(middle).toEqual(compare('inner', { proxyJump: 'ops@bastion:2222' }));
    expect(middle!.proxyJump).toBe(first);
  });

  it('follows the first hop’s own ProxyJump', () => {
    // inner jumps through web-1, which jumps through bastion.
    const chain = jumpChain(resolveHostConfig('inner', { home, configFiles: [sample] }));
    expect(chain.map((h) => h.alias)).toEqual(['bastion', 'web-1', 'inner']);
    expect(chain[1]!.hostName).toBe('web-1.prod.example.net');
  });
});

describe('defaults, tokens and errors', () => {
  let dir = '';
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'perfmon-ssh-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('uses the default identity files and known_hosts files under the given home', () => {
    const r = resolveHostConfig('anything', { home: '/home/op', localUser: 'op', configFiles: [] });
    expect(r).toMatchObject({
      hostName: 'anything',
      user: 'op',
      port: 22,
      identityFiles: ['/home/op/.ssh/id_ed25519', '/home/op/.ssh/id_ecdsa', '/home/op/.ssh/id_rsa'],
      identityFilesConfigured: false,
      userKnownHostsFiles: ['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2'],
      strictHostKeyChecking: 'ask',
      serverAliveIntervalMs: 0,
      serverAliveCountMax: 3,
      connectTimeoutMs: undefined,
      proxyJump: undefined,
    });
  });

  it('detects ProxyJump loops', () => {
    const file = config('loop', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    expect(() => resolveHostConfig('a', { configFiles: [file] })).toThrow('ProxyJump loop: a → b → a');
  });

  it('names the host and directive of a bad value', () => {
    const file = config('bad', 'Host p\n  Port twenty\nHost t\n  IdentityFile ~/.ssh/%C\nHost s\n  StrictHostKeyChecking maybe\n');
    expect(() => resolveHostConfig('p', { configFiles: [file] })).toThrow('ssh config: host p: Port "twenty" is not a port number');
    expect(() => resolveHostConfig('t', { configFiles: [file] })).toThrow('ssh config: host t IdentityFile: unsupported token %C');
    expect(() => resolveHostConfig('s', { configFiles: [file] })).toThrow(/StrictHostKeyChecking "maybe"/);
  });

  it('expands Include (globs, relative to ~/.ssh) and keeps later lines in their section', () => {
    const home2 = join(dir, 'home');
    mkdirSync(join(home2, '.ssh', 'conf.d'), { recursive: true });
    writeFileSync(join(home2, '.ssh', 'conf.d', '10-app.conf'), 'Host app\n  HostName 10.1.1.1\n');
    writeFileSync(join(home2, '.ssh', 'conf.d', '20-db.conf'), 'Host db\n  User dba\n');
    const main = config('main', 'Host app db\n  Port 2000\n  Include conf.d/*.conf\n  User fallback\n');
    const app = resolveHostConfig('app', { home: home2, configFiles: [main] });
    expect([app.hostName, app.port, app.user]).toEqual(['10.1.1.1', 2000, 'fallback']);
    expect(resolveHostConfig('db', { home: home2, configFiles: [main] }).user).toBe('dba');
  });

  it('reads the user file before the system file, whose global lines stay global', () => {
    const user = config('user', 'Host x\n  User first\n');
    const system = config('system', 'User second\nPort 2222\n');
    const r = resolveHostConfig('x', { configFiles: [user, system] });
    expect([r.user, r.port]).toEqual(['first', 2222]);
    expect(resolveHostConfig('y', { configFiles: [user, system] }).user).toBe('second');
  });
});
