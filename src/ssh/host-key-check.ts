import { keyFamilyLabel, keyTypeOfBlob } from './key-blob.js';
import { appendKnownHost, knownHostKeyTypes, knownHostsName, verifyHostKey, type HostKeyVerdict, type KnownHostsProblem } from './known-hosts.js';
import type { ResolvedHostConfig } from './ssh-config.js';
import { describeHop, SshError } from './ssh-error.js';

export interface HostKeyPolicy {
  /** `--accept-new`: record unknown host keys (never changed or revoked ones). */
  acceptNew?: boolean | undefined;
  onWarning?: ((message: string) => void) | undefined;
  /** Told when an unknown key was accepted and recorded. */
  onHostKeyAdded?: ((info: { host: string; name: string; file: string; line: number; fingerprint: string }) => void) | undefined;
}

/**
 * The host key decision for one hop, plugged into ssh2's hostVerifier. Unknown keys are
 * recorded only under accept-new (the flag, or StrictHostKeyChecking accept-new/no/off);
 * changed and revoked keys are always refused, whatever the configuration says.
 */
export class HostKeyCheck {
  private failure: SshError | undefined;
  private readonly files: string[];
  private readonly name: string;

  constructor(
    private readonly target: string,
    private readonly hop: ResolvedHostConfig,
    private readonly policy: HostKeyPolicy,
  ) {
    this.files = [...hop.userKnownHostsFiles, ...hop.globalKnownHostsFiles];
    this.name = knownHostsName(hop.hostName, hop.port, hop.hostKeyAlias);
  }

  /** Why the key was refused, once the verifier said no. */
  get refusal(): SshError | undefined {
    return this.failure;
  }

  readonly verifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    // The answer comes after reading known_hosts; by then the connection may be gone (timed
    // out, closed by perfmon), and ssh2 1.x then throws from inside verify (its protocol object
    // is half torn down). Nothing is left to tell: the connection's own error already did.
    const answer = (ok: boolean) => {
      try {
        verify(ok);
      } catch {
        // the connection is already closed
      }
    };
    this.decide(key).then(answer, (err: unknown) => {
      this.failure = this.error('host-key-unknown', `cannot check the host key of ${this.name}: ${(err as Error).message}`);
      answer(false);
    });
  };

  private async decide(key: Buffer): Promise<boolean> {
    const verdict = await verifyHostKey({ ...this.query(), key });
    if (verdict.status === 'ok') return true;
    if (verdict.status === 'unknown' && this.mayAcceptNew()) return this.record(key, verdict.fingerprint);
    this.failure = this.refuse(verdict, keyFamilyLabel(keyTypeOfBlob(key) ?? '?'));
    return false;
  }

  private mayAcceptNew(): boolean {
    const strict = this.hop.strictHostKeyChecking;
    return this.policy.acceptNew === true || strict === 'accept-new' || strict === 'no';
  }

  private async record(key: Buffer, fingerprint: string): Promise<boolean> {
    const file = this.hop.userKnownHostsFiles[0];
    if (!file) {
      this.failure = this.error('host-key-unknown', `the host key of ${this.name} is unknown and no UserKnownHostsFile is set to record it in`, { fingerprint });
      return false;
    }
    try {
      const line = await appendKnownHost(file, this.hop.hostName, this.hop.port, key, {
        hash: this.hop.hashKnownHosts,
        hostKeyAlias: this.hop.hostKeyAlias,
      });
      // A file that keeps nothing (UserKnownHostsFile /dev/null) would make every key new,
      // so every key accepted: a key is accepted only once it is on record.
      const recorded = await verifyHostKey({ ...this.query(), files: [file], key });
      if (recorded.status !== 'ok') {
        this.failure = this.error(
          'host-key-unknown',
          `the host key of ${this.name} is not known (${fingerprint}) and ${file} does not keep what is written to it; perfmon accepts only keys it can remember (set UserKnownHostsFile to a real file)`,
          { fingerprint },
        );
        return false;
      }
      this.policy.onHostKeyAdded?.({ host: this.hop.alias, name: this.name, file, line, fingerprint });
      return true;
    } catch (err) {
      this.failure = this.error('host-key-unknown', `cannot record the host key of ${this.name} in ${file}: ${(err as Error).message}`, { fingerprint });
      return false;
    }
  }

  private refuse(verdict: Exclude<HostKeyVerdict, { status: 'ok' }>, family: string): SshError {
    const offered = `${family} ${verdict.fingerprint}`;
    switch (verdict.status) {
      case 'unknown':
        return this.error(
          'host-key-unknown',
          `the host key of ${this.name} is not known (${offered}); if that is the right host, accept it with --accept-new or "StrictHostKeyChecking accept-new" in ~/.ssh/config, which record it in ${this.hop.userKnownHostsFiles[0] ?? 'known_hosts'}`,
          { fingerprint: verdict.fingerprint },
        );
      case 'changed': {
        return this.error(
          'host-key-changed',
          `REFUSED: the host key of ${this.name} HAS CHANGED: it offered ${offered} but ${verdict.file}:${verdict.line} has ${verdict.knownFingerprint}; someone may be intercepting the connection, or the host was reinstalled: if you know it was, remove the old key with ssh-keygen -R '${this.name}' -f ${verdict.file}${this.strictNote()}`,
          { fingerprint: verdict.fingerprint, file: verdict.file, line: verdict.line },
        );
      }
      case 'revoked':
        return this.error('host-key-revoked', `REFUSED: the host key of ${this.name} (${offered}) is marked @revoked in ${verdict.file}:${verdict.line}${this.strictNote()}`, {
          fingerprint: verdict.fingerprint,
          file: verdict.file,
          line: verdict.line,
        });
    }
  }

  private strictNote(): string {
    return this.hop.strictHostKeyChecking === 'no' ? ' (StrictHostKeyChecking no/off never makes perfmon accept a changed or revoked key)' : '';
  }

  private error(kind: SshError['kind'], text: string, details: { fingerprint?: string; file?: string; line?: number } = {}): SshError {
    const hop = this.hop.alias === this.target ? undefined : this.hop.alias;
    return new SshError(kind, this.target, `${describeHop(this.target, this.hop.alias)}: ${text}`, { ...details, hop });
  }

  private query() {
    return {
      host: this.hop.hostName,
      port: this.hop.port,
      hostKeyAlias: this.hop.hostKeyAlias,
      files: this.files,
      onProblem: (p: KnownHostsProblem) => this.policy.onWarning?.(`${p.file}:${p.line}: ${p.message} (line ignored)`),
    };
  }

  /**
   * Host key algorithms for ssh2 with the types already known for this host first, as
   * OpenSSH orders them: a host known by its RSA key must not look unknown because the
   * client preferred ed25519.
   */
  async preferredAlgorithms(): Promise<{ remove: string[]; prepend: string[] } | undefined> {
    const known = await knownHostKeyTypes(this.query());
    const algos = known.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
    const supported = algos.filter((a) => SUPPORTED.includes(a));
    return supported.length ? { remove: supported, prepend: supported } : undefined;
  }
}

const SUPPORTED = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
