import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type IdentityCallback, type ParsedKey } from 'ssh2';
import { parsePublicKeyText } from './key-blob.js';
import type { ResolvedHostConfig } from './ssh-config.js';

/**
 * Public key authentication the way ssh does it: the agent first (SSH_AUTH_SOCK or
 * IdentityAgent), then the identity files not already offered by the agent. With
 * IdentitiesOnly, only agent keys matching the identity files are offered. An encrypted
 * key's passphrase is asked once per file per process and kept in memory only.
 */

export type AskPassphrase = (file: string) => Promise<string | undefined>;

export interface AuthOptions {
  askPassphrase?: AskPassphrase | undefined;
  /** Where SSH_AUTH_SOCK (and `$VAR` IdentityAgent values) come from; default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Called around a passphrase prompt, so the connect timeout does not run while a human types. */
  onPrompt?: ((active: boolean) => void) | undefined;
}

const passphrases = new Map<string, Promise<string | undefined>>();
const parsedKeys = new Map<string, { version: string; key: ParsedKey }>();

/** Forgets every passphrase and decrypted key (e.g. when the operator locks the session). */
export function forgetPassphrases(): void {
  passphrases.clear();
  parsedKeys.clear();
}

class ObservedAgent extends ssh2.OpenSSHAgent {
  /** Public keys the agent offered (after filtering), as base64 wire blobs. */
  readonly offered = new Set<string>();
  constructor(socket: string, private readonly only: Set<string> | undefined) {
    super(socket);
  }
  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) => {
      // The OpenSSH agent client hands back parsed public keys.
      const usable = (keys ?? []).filter((k) => {
        const blob = 'getPublicSSH' in k ? k.getPublicSSH().toString('base64') : undefined;
        return blob !== undefined && (!this.only || this.only.has(blob));
      }) as ParsedKey[];
      usable.forEach((k) => this.offered.add(k.getPublicSSH().toString('base64')));
      cb(err ?? undefined, usable);
    });
  }
}

type Loaded = { key: ParsedKey } | { skipped: string };

export class AuthPlan {
  private readonly tried: string[] = [];
  private readonly skipped: string[] = [];
  private agent: ObservedAgent | undefined;
  private readonly steps: AsyncGenerator<AnyAuthMethod, void>;

  constructor(
    private readonly hop: ResolvedHostConfig,
    private readonly options: AuthOptions,
  ) {
    this.steps = this.attempts();
  }

  /** For ssh2's authHandler: offers the next method, or false when none is left. */
  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (methodsLeft && !methodsLeft.includes('publickey')) {
      this.skipped.push(`the server accepts only ${methodsLeft.join(', ')}`);
      next(false as unknown as AnyAuthMethod);
      return;
    }
    this.steps.next().then(
      (step) => next(step.done ? (false as unknown as AnyAuthMethod) : step.value),
      () => next(false as unknown as AnyAuthMethod),
    );
  };

  /** What was offered and what was skipped, for the failure message. */
  summary(): string {
    const parts: string[] = [];
    if (this.tried.length) parts.push(`tried ${this.tried.join(', ')}`);
    if (this.skipped.length) parts.push(`skipped ${this.skipped.join('; ')}`);
    return parts.length ? parts.join('; ') : 'no key to offer';
  }

  private async *attempts(): AsyncGenerator<AnyAuthMethod, void> {
    const username = this.hop.user;
    const socket = this.agentSocket();
    if (socket) {
      const only = this.hop.identitiesOnly ? await this.identityBlobs() : undefined;
      this.agent = new ObservedAgent(socket, only);
      this.tried.push(`ssh-agent${only ? ' (IdentitiesOnly: its keys matching IdentityFile)' : ''}`);
      yield { type: 'agent', username, agent: this.agent };
    }
    for (const file of this.hop.identityFiles) {
      const loaded = await this.load(file);
      if ('skipped' in loaded) {
        if (loaded.skipped !== 'missing' || this.hop.identityFilesConfigured) this.skipped.push(`${file} (${loaded.skipped})`);
        continue;
      }
      if (this.agent?.offered.has(loaded.key.getPublicSSH().toString('base64'))) continue;
      this.tried.push(file);
      yield { type: 'publickey', username, key: loaded.key };
    }
  }

  private agentSocket(): string | undefined {
    const env = this.options.env ?? process.env;
    const configured = this.hop.identityAgent;
    if (configured === 'none') return undefined;
    const socket = configured === undefined ? env['SSH_AUTH_SOCK'] : configured.startsWith('$') ? env[configured.slice(1)] : configured;
    if (!socket) return undefined;
    if (!existsSync(socket)) {
      this.skipped.push(`ssh-agent (${socket} does not exist)`);
      return undefined;
    }
    return socket;
  }

  /** The public keys of the identity files (from the .pub file, else the unencrypted key). */
  private async identityBlobs(): Promise<Set<string>> {
    const blobs = new Set<string>();
    for (const file of this.hop.identityFiles) {
      try {
        blobs.add(parsePublicKeyText(await readFile(`${file}.pub`, 'utf8')).toString('base64'));
        continue;
      } catch {
        // no usable .pub: try the private key itself below
      }
      const cached = parsedKeys.get(resolve(file));
      if (cached) blobs.add(cached.key.getPublicSSH().toString('base64'));
    }
    return blobs;
  }

  private async load(file: string): Promise<Loaded> {
    const path = resolve(file);
    let data: Buffer;
    let version: string;
    try {
      const st = await stat(path);
      version = `${st.ino}:${st.size}:${st.mtimeMs}`;
      const cached = parsedKeys.get(path);
      if (cached?.version === version) return { key: cached.key };
      data = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { skipped: code === 'ENOENT' ? 'missing' : `cannot read it: ${code ?? (err as Error).message}` };
    }
    let parsed: ParsedKey | Error | string = firstKey(ssh2.utils.parseKey(data));
    if (parsed instanceof Error && /passphrase/i.test(parsed.message)) parsed = await this.decrypt(path, data);
    if (typeof parsed === 'string') return { skipped: parsed };
    if (parsed instanceof Error) return { skipped: `not a usable private key: ${parsed.message}` };
    if (!parsed.isPrivateKey()) return { skipped: 'not a private key' };
    parsedKeys.set(path, { version, key: parsed });
    return { key: parsed };
  }

  /** Asks for the passphrase (once per file per process; up to three tries when wrong). */
  private async decrypt(path: string, data: Buffer): Promise<ParsedKey | Error | string> {
    const ask = this.options.askPassphrase;
    if (!ask) return 'encrypted, and there is no way to ask for its passphrase here';
    for (let attempt = 0; attempt < 3; attempt++) {
      let pending = passphrases.get(path);
      if (!pending) {
        this.options.onPrompt?.(true);
        pending = ask(path).finally(() => this.options.onPrompt?.(false));
        passphrases.set(path, pending);
      }
      const passphrase = await pending.catch(() => undefined);
      if (passphrase === undefined) return 'encrypted, and no passphrase was given';
      const parsed = firstKey(ssh2.utils.parseKey(data, passphrase));
      if (!(parsed instanceof Error)) return parsed;
      // Wrong: forget it (unless another connection already replaced it) and ask again.
      if (passphrases.get(path) === pending) passphrases.delete(path);
    }
    return 'encrypted, and the passphrase was wrong three times';
  }
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  if (Array.isArray(parsed)) return parsed[0] ?? new Error('no key in the file');
  return parsed;
}
