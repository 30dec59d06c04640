import { Text } from 'ink';
import type { HostState } from '../../src/model/store.js';
import { formatDuration } from '../../src/format/units.js';
import { truncate } from '../../src/format/text.js';
import { style } from '../theme.js';

/** Rows the banner takes: one when the host is down (its reason), none when it is up. */
export function bannerRows(host: HostState | undefined): number {
  return host?.status === 'down' ? 1 : 0;
}

/** "✖ DOWN  timeout: … (last seen 12s ago, showing its last reading)" above a down host's panes. */
export function HostStatusBanner({ host, width }: { host: HostState | undefined; width: number }) {
  if (!host || host.status !== 'down') return null;
  const seen = host.lastSeen === null ? 'never seen' : `last seen ${formatDuration((Date.now() - host.lastSeen) / 1000)} ago`;
  const text = `✖ DOWN  ${host.error ?? 'unreachable'} (${seen}${host.snapshot ? ', showing its last reading' : ''})`;
  return <Text>{style.bad(truncate(text, width))}</Text>;
}
