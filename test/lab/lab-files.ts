import { createHmac, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

/** The text of the files the lab writes: sshd_config per host, the client's ssh config and known_hosts. */

export interface SshdConfigInput {
  address: string;
  port: number;
  hostKeyFiles: string[];
  authorizedKeysFile: string;
  user: string;
  extra: string[];
}

export function sshdConfigText(input: SshdConfigInput): string {
  return [
    '# written by the perfmon test lab',
    `ListenAddress ${input.address}:${input.port}`,
    ...input.hostKeyFiles.map((f) => `HostKey ${f}`),
    // Many sshd run at once: the default /run/sshd.pid would be shared.
    'PidFile none',
    `AuthorizedKeysFile ${input.authorizedKeysFile}`,
    'StrictModes no',
    'UsePAM no',
    'MaxSessions 10',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    `AllowUsers ${input.user}`,
    'AllowTcpForwarding yes',
    'AcceptEnv LANG LC_* PERFMON_*',
    'Subsystem sftp internal-sftp',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    'LogLevel INFO',
    // Newer sshd penalise sources whose connections fail (our refused host keys do, on purpose).
    ...(opensshAtLeast(9, 8) ? ['PerSourcePenalties no'] : []),
    ...input.extra,
    '',
  ].join('\n');
}

export interface ClientHostEntry {
  name: string;
  address: string;
  port: number;
  proxyJump?: string | undefined;
}

export function clientConfigText(hosts: ClientHostEntry[], user: string, identityFile: string, knownHostsFile: string): string {
  const blocks = hosts.map((h) =>
    [
      `Host ${h.name}`,
      `  HostName ${h.address}`,
      `  Port ${h.port}`,
      `  User ${user}`,
      // Absolute paths: OpenSSH's ssh expands ~ from the passwd entry, not $HOME.
      `  IdentityFile ${identityFile}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHostsFile}`,
      ...(h.proxyJump ? [`  ProxyJump ${h.proxyJump}`] : []),
    ].join('\n'),
  );
  return `# written by the perfmon test lab\n${blocks.join('\n\n')}\n`;
}

/** One known_hosts line for a host key, plain (`[addr]:port`) or hashed like ssh-keygen -H. */
export function knownHostsLine(address: string, port: number, publicText: string, hashed: boolean): string {
  const name = port === 22 ? address : `[${address}]:${port}`;
  const [type, data] = publicText.split(/\s+/);
  const field = hashed ? hashName(name) : name;
  return `${field} ${type} ${data}`;
}

function hashName(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

let version: [number, number] | undefined;

export function opensshAtLeast(major: number, minor: number): boolean {
  if (!version) {
    // ssh -V prints to stderr; sshd shares its version.
    const out = execFileSync('sh', ['-c', 'ssh -V 2>&1'], { encoding: 'utf8' });
    const m = /OpenSSH_(\d+)\.(\d+)/.exec(out);
    version = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  }
  return version[0] > major || (version[0] === major && version[1] >= minor);
}
