import { Text } from 'ink';
import type { HostState } from '../../src/model/store.js';
import { downSummary } from './down-summary.js';
import { truncate } from '../../src/format/text.js';
import { style } from '../theme.js';
import { useUiState } from '../app-context.js';

/** Rows the banner takes: one when the host is down (its reason), none when it is up. */
export function bannerRows(host: HostState | undefined): number {
  return host?.status === 'down' ? 1 : 0;
}

/** Above a down host's panes: why, and that the figures below are its last reading. */
export function HostStatusBanner({ host, width }: { host: HostState | undefined; width: number }) {
  // Replaying, "last seen … ago" counts from the moment shown.
  const { replayAt } = useUiState();
  if (!host || host.status !== 'down') return null;
  const note = host.snapshot ? ' (its last reading below)' : '';
  return <Text>{style.bad(truncate(`✖ ${downSummary(host, replayAt ?? Date.now(), note)}`, width))}</Text>;
}
