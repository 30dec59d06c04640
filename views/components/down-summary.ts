import type { HostState } from '../../src/model/store.js';
import { formatDuration } from '../../src/format/units.js';

/**
 * "DOWN, last seen 12s ago: refused: …" — the age first, so a narrow terminal keeps it; the
 * fleet's rows and the host panes' banner both say it this way.
 */
export function downSummary(host: HostState, now = Date.now(), note = ''): string {
  const seen = host.lastSeen === null ? 'never up' : `last seen ${formatDuration((now - host.lastSeen) / 1000)} ago`;
  return `DOWN, ${seen}${note}: ${host.error ?? 'unreachable'}`;
}
