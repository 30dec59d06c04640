import { Text } from 'ink';
import type { HostState } from '../../src/model/store.js';
import { formatDuration } from '../../src/format/units.js';
import { truncate } from '../../src/format/text.js';
import { style } from '../theme.js';

/** Rows the banner takes: one when the host is down (its reason), none when it is up. */
export function bannerRows(host: HostState | undefined): number {
  return host?.status === 'down' ? 1 : 0;
}

/**
 * "DOWN, last seen 12s ago: refused: …" — the age first, so a narrow terminal keeps it; the
 * fleet's rows and the host panes' banner both say it this way.
 */
export function downSummary(host: HostState, now = Date.now(), note = ''): string {
  const seen = host.lastSeen === null ? 'never up' : `last seen ${formatDuration((now - host.lastSeen) / 1000)} ago`;
  return `DOWN, ${seen}${note}: ${host.error ?? 'unreachable'}`;
}

/** Above a down host's panes: why, and that the figures below are its last reading. */
export function HostStatusBanner({ host, width }: { host: HostState | undefined; width: number }) {
  if (!host || host.status !== 'down') return null;
  const note = host.snapshot ? ' (its last reading below)' : '';
  return <Text>{style.bad(truncate(`✖ ${downSummary(host, Date.now(), note)}`, width))}</Text>;
}
