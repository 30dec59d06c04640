/**
 * `perfmon record --systemd-unit`: a user unit that keeps the recorder running. A user unit,
 * because the recorder reaches hosts with its user's ~/.ssh (keys, known_hosts, config).
 */

/** One word of an ExecStart line: quoted when it must be, with systemd's `%` and `$` escaped. */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped) ? escaped : `"${escaped.replace(/[\\"]/g, '\\$&')}"`;
}

export interface UnitOptions {
  /** The node binary and the absolute path of bin/perfmon.js. */
  node: string;
  perfmon: string;
  /** What follows `record`: --config FILE, --group NAME, --store DIR (absolute paths). */
  args: string[];
  /** Variables the recorder's paths depend on (PERFMON_STATE_DIR, XDG_*), as set now. */
  environment: Record<string, string>;
  description: string;
}

export const UNIT_NAME = 'perfmon-record.service';

export function systemdUnit(options: UnitOptions): string {
  const exec = [options.node, options.perfmon, 'record', ...options.args].map(systemdWord).join(' ');
  return [
    `# ${UNIT_NAME}: ${options.description}`,
    '# Install it for your user (the recorder uses your ~/.ssh keys and known_hosts; no ssh-agent):',
    `#   mkdir -p ~/.config/systemd/user && perfmon record --systemd-unit ${options.args.map(systemdWord).join(' ')} > ~/.config/systemd/user/${UNIT_NAME}`.trimEnd(),
    `#   systemctl --user daemon-reload && systemctl --user enable --now ${UNIT_NAME.replace(/\.service$/, '')}`,
    '#   loginctl enable-linger "$USER"    # keep it running while you are logged out',
    `# Logs: journalctl --user -u ${UNIT_NAME.replace(/\.service$/, '')}   Reload the inventory: systemctl --user reload ${UNIT_NAME.replace(/\.service$/, '')}`,
    '',
    '[Unit]',
    `Description=${options.description}`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${exec}`,
    'ExecReload=/bin/kill -HUP $MAINPID',
    'KillSignal=SIGTERM',
    'TimeoutStopSec=30s',
    'Restart=on-failure',
    'RestartSec=5s',
    ...Object.entries(options.environment).map(([k, v]) => `Environment=${systemdWord(`${k}=${v}`)}`),
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}
