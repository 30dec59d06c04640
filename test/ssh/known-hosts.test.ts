import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePublicKeyText } from '../../src/ssh/key-blob.js';
import {
  appendKnownHost,
  fingerprintSha256,
  knownHostKeyTypes,
  parseKnownHosts,
  verifyHostKey,
  type KnownHostsProblem,
} from '../../src/ssh/known-hosts.js';

const fixtures = join(import.meta.dirname, '../../fixtures/ssh');
const fixture = (name: string): string => join(fixtures, name);
const pub = (name: string): { text: string; blob: Buffer } => {
  const text = readFileSync(fixture(name), 'utf8').trim();
  return { text: text.split(' ').slice(0, 2).join(' '), blob: parsePublicKeyText(text) };
};
const ed25519 = pub('host-ed25519.pub');
const ecdsa = pub('host-ecdsa.pub');
const rsa = pub('host-rsa.pub');
const other = pub('other-ed25519.pub');

let scratch = '';
beforeAll(() => void (scratch = mkdtempSync(join(tmpdir(), 'perfmon-known-hosts-'))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
function tempFile(content: string): string {
  const file = join(scratch, `known_hosts.${counter++}`);
  writeFileSync(file, content);
  return file;
}

// The fixtures were captured from an sshd on 127.0.0.77:2222 (test/lab/capture-ssh-fixtures.sh);
// ssh-keyscan prints the key types in no fixed order, so expectations read the order back.
const scanned = { host: '127.0.0.77', port: 2222 };
const scannedTypes = readFileSync(fixture('known_hosts.keyscan'), 'utf8').trim().split('\n').map((l) => l.split(' ')[1]!);
const scannedLine = (type: string): number => scannedTypes.indexOf(type) + 1;

describe('fingerprintSha256', () => {
  it('prints exactly what ssh-keygen -l -E sha256 prints', () => {
    const lines = readFileSync(fixture('fingerprints.txt'), 'utf8').trim().split('\n');
    const keys = [ed25519, ecdsa, rsa];
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => expect(fingerprintSha256(keys[i]!.blob)).toBe(line.split(' ')[1]));
  });
});

describe('parseKnownHosts', () => {
  it('reads ssh-keyscan output', () => {
    const parsed = parseKnownHosts(readFileSync(fixture('known_hosts.keyscan'), 'utf8'), 'keyscan');
    expect(parsed.problems).toEqual([]);
    expect(scannedTypes.slice().sort()).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519', 'ssh-rsa']);
    expect(parsed.entries.map((e) => [e.hostField, e.keyType, e.line])).toEqual(
      scannedTypes.map((type, i) => ['[127.0.0.77]:2222', type, i + 1]),
    );
  });

  it('skips comments and reports every bad line with its line number', () => {
    const text = [
      '# a comment',
      '',
      `   good.example ${ed25519.text} trailing comment words`,
      'only-a-host',
      `bad64.example ssh-ed25519 !!notbase64!!`,
      `mismatch.example ssh-rsa ${ed25519.text.split(' ')[1]}`,
      `@weird host.example ${ed25519.text}`,
      `|2|abc|def ${ed25519.text}`,
      `|1|c2FsdA==|c2hvcnQ= ${ed25519.text}`,
      `@revoked revoked.example ${other.text}`,
      `@cert-authority *.example ${rsa.text}`,
    ].join('\r\n');
    const parsed = parseKnownHosts(text, '/etc/kh');
    expect(parsed.entries.map((e) => [e.line, e.marker, e.hostField])).toEqual([
      [3, null, 'good.example'],
      [10, 'revoked', 'revoked.example'],
      [11, 'cert-authority', '*.example'],
    ]);
    expect(parsed.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      '/etc/kh:4: expected: host patterns, key type, base64 key',
      '/etc/kh:5: the key of type ssh-ed25519 is not valid base64',
      '/etc/kh:6: key type ssh-rsa does not match the key data (ssh-ed25519)',
      '/etc/kh:7: unknown marker @weird (expected @revoked or @cert-authority)',
      '/etc/kh:8: unsupported hashed host name |2|abc|d… (expected |1|salt|hash)',
      '/etc/kh:9: hashed host name: the hash is not a SHA-1 HMAC (20 bytes)',
    ]);
  });
});

describe('verifyHostKey', () => {
  for (const [label, file] of [['plain (ssh-keyscan)', 'known_hosts.keyscan'], ['hashed (ssh-keygen -H)', 'known_hosts.hashed']]) {
    it(`accepts every key type from a ${label} file`, async () => {
      for (const key of [ed25519, ecdsa, rsa]) {
        const verdict = await verifyHostKey({ ...scanned, key: key.blob, files: [fixture(file!)] });
        expect(verdict.status).toBe('ok');
      }
    });

    it(`reports a different key of a known type as changed, naming file and line (${label})`, async () => {
      const verdict = await verifyHostKey({ ...scanned, key: other.blob, files: [fixture(file!)] });
      expect(verdict).toEqual({
        status: 'changed',
        fingerprint: fingerprintSha256(other.blob),
        file: fixture(file!),
        line: scannedLine('ssh-ed25519'),
        knownFingerprint: fingerprintSha256(ed25519.blob),
      });
    });
  }

  it('keeps [host]:port apart from the bare host and from other ports', async () => {
    const files = [fixture('known_hosts.keyscan')];
    for (const port of [22, 2223]) {
      const verdict = await verifyHostKey({ host: '127.0.0.77', port, key: ed25519.blob, files });
      expect(verdict).toEqual({ status: 'unknown', fingerprint: fingerprintSha256(ed25519.blob) });
    }
  });

  it('matches ssh-keygen -H entries of named hosts, comma lists and [host]:port, ignoring case', async () => {
    const files = [fixture('known_hosts.named-hashed')];
    for (const host of ['db1.example.com', '10.0.0.5', 'DB1.Example.COM']) {
      expect((await verifyHostKey({ host, port: 22, key: ed25519.blob, files })).status).toBe('ok');
    }
    expect((await verifyHostKey({ host: 'gw.example.com', port: 2200, key: ecdsa.blob, files })).status).toBe('ok');
    expect((await verifyHostKey({ host: 'gw.example.com', port: 22, key: ecdsa.blob, files })).status).toBe('unknown');
  });

  it('honours wildcards, ? and negation in plain patterns', async () => {
    const files = [tempFile(`*.prod.example,!bad.prod.example,web?.test ${ed25519.text}\n`)];
    const status = async (host: string): Promise<string> =>
      (await verifyHostKey({ host, port: 22, key: ed25519.blob, files })).status;
    expect(await status('api.prod.example')).toBe('ok');
    expect(await status('bad.prod.example')).toBe('unknown');
    expect(await status('web1.test')).toBe('ok');
    expect(await status('web12.test')).toBe('unknown');
  });

  it('refuses a @revoked key even when another line accepts it', async () => {
    const file = tempFile(`h.example ${other.text}\n@revoked * ${other.text}\n`);
    expect(await verifyHostKey({ host: 'h.example', port: 22, key: other.blob, files: [file] })).toEqual({
      status: 'revoked',
      fingerprint: fingerprintSha256(other.blob),
      file,
      line: 2,
    });
  });

  it('never takes a @cert-authority line for a host key', async () => {
    const file = tempFile(`@cert-authority h.example ${ed25519.text}\n`);
    expect((await verifyHostKey({ host: 'h.example', port: 22, key: ed25519.blob, files: [file] })).status).toBe('unknown');
  });

  it('looks a HostKeyAlias up verbatim, without the port', async () => {
    const file = tempFile(`my-alias ${ed25519.text}\n`);
    const verdict = await verifyHostKey({ host: '10.1.1.1', port: 2222, hostKeyAlias: 'my-alias', key: ed25519.blob, files: [file] });
    expect(verdict.status).toBe('ok');
  });

  it('searches every file in order, skips missing ones, and reports bad lines', async () => {
    const problems: KnownHostsProblem[] = [];
    const broken = tempFile('nonsense\n');
    const files = [join(scratch, 'missing'), broken, fixture('known_hosts.keyscan')];
    const verdict = await verifyHostKey({ ...scanned, key: rsa.blob, files, onProblem: (p) => problems.push(p) });
    expect(verdict).toEqual({ status: 'ok', file: fixture('known_hosts.keyscan'), line: scannedLine('ssh-rsa') });
    expect(problems).toEqual([{ file: broken, line: 1, message: 'expected: host patterns, key type, base64 key' }]);
  });

  it('lists the key types known for a host, in file order', async () => {
    const files = [fixture('known_hosts.keyscan')];
    expect(await knownHostKeyTypes({ ...scanned, files })).toEqual(scannedTypes);
    expect(await knownHostKeyTypes({ host: 'nowhere', port: 22, files })).toEqual([]);
  });
});

describe('appendKnownHost', () => {
  it('creates the directory and file with private modes and writes [host]:port', async () => {
    const file = join(scratch, 'new-dir', '.ssh', 'known_hosts');
    expect(await appendKnownHost(file, '127.0.0.9', 2022, ed25519.blob)).toBe(1);
    expect(await appendKnownHost(file, 'plain.example', 22, ecdsa.blob)).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.9]:2022 ${ed25519.text}\nplain.example ${ecdsa.text}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(scratch, 'new-dir', '.ssh')).mode & 0o777).toBe(0o700);
    // OpenSSH's own lookup finds what we wrote.
    expect(execFileSync('ssh-keygen', ['-F', '[127.0.0.9]:2022', '-f', file], { encoding: 'utf8' })).toContain(ed25519.text);
  });

  it('writes hashed names that ssh-keygen -F and verifyHostKey both find', async () => {
    const file = tempFile(`existing.example ${rsa.text}`); // no final newline
    expect(await appendKnownHost(file, 'Secret.Example', 2200, ed25519.blob, { hash: true })).toBe(2);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe(`existing.example ${rsa.text}`);
    expect(lines[1]).toMatch(/^\|1\|[A-Za-z0-9+/=]{28}\|[A-Za-z0-9+/=]{28} ssh-ed25519 /);
    expect(lines[1]).not.toContain('secret');
    expect(execFileSync('ssh-keygen', ['-F', '[secret.example]:2200', '-f', file], { encoding: 'utf8' })).toContain('ssh-ed25519');
    expect((await verifyHostKey({ host: 'secret.example', port: 2200, key: ed25519.blob, files: [file] })).status).toBe('ok');
  });

  it('adds a key once when connections race to accept it', async () => {
    const file = join(scratch, 'race');
    const lines = await Promise.all([1, 2, 3].map(() => appendKnownHost(file, 'race.example', 22, ed25519.blob)));
    expect(lines).toEqual([1, 1, 1]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
