/**
 * Hosts, their SSH settings, groups and alert thresholds.
 */
import { z } from 'zod';
import { addressSchema, durationSchema, labelMatchersSchema, labelsSchema, nameSchema, portSchema, userSchema } from './schema-primitives.js';

/** Default warning/critical levels. Percentages except loadPerCore (1-minute load ÷ cores). */
export const THRESHOLD_DEFAULTS = {
  cpu: { warning: 70, critical: 90 },
  memory: { warning: 70, critical: 90 },
  swap: { warning: 70, critical: 90 },
  disk: { warning: 70, critical: 90 },
  filesystem: { warning: 70, critical: 90 },
  loadPerCore: { warning: 1, critical: 2 },
} as const;

export type ThresholdMetric = keyof typeof THRESHOLD_DEFAULTS;

const THRESHOLD_MEANING: Record<ThresholdMetric, string> = {
  cpu: 'CPU busy %, all cores',
  memory: 'memory used % (total − available)',
  swap: 'swap used %',
  disk: 'disk device utilisation % (time busy)',
  filesystem: 'filesystem space used %',
  loadPerCore: '1-minute load average divided by the number of cores (not a percentage)',
};

function thresholdPair(metric: ThresholdMetric) {
  const defaults = THRESHOLD_DEFAULTS[metric];
  const level = metric === 'loadPerCore' ? z.number().min(0) : z.number().min(0).max(100);
  return z
    .strictObject({
      warning: level.default(defaults.warning).describe('level at which the value is marked as a warning'),
      critical: level.default(defaults.critical).describe('level at which the value is marked critical'),
    })
    .prefault({})
    .describe(`${THRESHOLD_MEANING[metric]}; default warning ${defaults.warning}, critical ${defaults.critical}`);
}

export const thresholdsSchema = z
  .strictObject({
    cpu: thresholdPair('cpu'),
    memory: thresholdPair('memory'),
    swap: thresholdPair('swap'),
    disk: thresholdPair('disk'),
    filesystem: thresholdPair('filesystem'),
    loadPerCore: thresholdPair('loadPerCore'),
  })
  .prefault({})
  .describe('Warning and critical levels per metric; warning must be below critical.');

export const sshDefaultsSchema = z
  .strictObject({
    user: userSchema.optional().describe('login user when a host sets none (else ~/.ssh/config, else your local user)'),
    port: portSchema.optional().describe('port when a host sets none (else ~/.ssh/config, else 22)'),
    identityFile: z.string().min(1).optional().describe('private key to offer after the ssh-agent keys; ~ is expanded'),
    proxyJump: addressSchema.optional().describe('bastion(s) as in ssh -J: [user@]host[:port][,…]'),
    acceptNew: z
      .boolean()
      .default(false)
      .describe('add unknown host keys to known_hosts (like StrictHostKeyChecking accept-new); changed keys are always refused'),
    maxSessions: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(10)
      .describe("channels perfmon opens per connection at most (OpenSSH's MaxSessions default is 10)"),
    maxStartups: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe("SSH handshakes in flight at once (keeps under sshd's MaxStartups, e.g. through one bastion)"),
    connectTimeout: durationSchema({ min: 1, max: 300 }).default(10).describe('give up connecting after this long'),
    keepaliveInterval: durationSchema({ min: 0, max: 3600 })
      .default(15)
      .describe('send a keepalive after this much silence (0 = never); a host missing 3 is marked down'),
  })
  .prefault({})
  .describe('SSH settings for every host. A host entry overrides them; ~/.ssh/config fills what neither sets.');

export const jvmSettingsSchema = z
  .strictObject({
    sudoUser: userSchema.optional().describe('run jcmd/jstack as this user through sudo -n -u (the JVM owner)'),
    javaHome: z.string().min(1).optional().describe('JDK whose bin/jcmd to use (default: jcmd from PATH)'),
    dumpDir: z.string().min(1).default('/tmp').describe('remote directory where heap dumps are written before fetching'),
    keepRemoteDumps: z.boolean().default(false).describe('keep the remote heap dump after it is fetched and verified'),
  })
  .prefault({})
  .describe('How to take JVM thread and heap dumps on this host.');

export const hostSchema = z
  .strictObject({
    name: nameSchema.describe('unique name shown everywhere and used in groups and components'),
    address: addressSchema.optional().describe('DNS name, IP, or ~/.ssh/config Host alias; default: the name'),
    port: portSchema.optional().describe('SSH port (default: ssh.port, then ~/.ssh/config, then 22)'),
    user: userSchema.optional().describe('SSH login user (default: ssh.user, then ~/.ssh/config)'),
    identityFile: z.string().min(1).optional().describe('private key for this host; ~ is expanded'),
    proxyJump: addressSchema.optional().describe('bastion(s) for this host, as in ssh -J'),
    labels: labelsSchema.default({}).describe('free key/value labels used by group selectors and grouping in the UI'),
    jvm: jvmSettingsSchema,
  })
  .transform((host) => ({ ...host, address: host.address ?? host.name }));

const selectorsSchema = z
  .union([labelMatchersSchema, z.array(labelMatchersSchema).min(1)])
  .transform((selectors) => (Array.isArray(selectors) ? selectors : [selectors]));

/** A group: a list of host names, or `{hosts, labels}` where labels is one selector or a list (any may match). */
export const groupSchema = z
  .union([
    z.array(nameSchema),
    z.strictObject({
      hosts: z.array(nameSchema).default([]).describe('host names'),
      labels: selectorsSchema
        .optional()
        .describe('label selector (every label must match; /…/ is a regex), or a list of selectors (any one may match)'),
    }),
  ])
  .transform((group) => (Array.isArray(group) ? { hosts: group, selectors: [] } : { hosts: group.hosts, selectors: group.labels ?? [] }))
  .describe('host names, or {hosts: [...], labels: {key: value} | [{...}, ...]}');

export type ThresholdPair = { warning: number; critical: number };
export type Thresholds = z.output<typeof thresholdsSchema>;
export type SshDefaults = z.output<typeof sshDefaultsSchema>;
export type JvmSettings = z.output<typeof jvmSettingsSchema>;
export type HostEntry = z.output<typeof hostSchema>;
/** A resolved group: member names plus label selectors (a host matching any selector belongs). */
export type Group = z.output<typeof groupSchema>;
