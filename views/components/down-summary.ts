import type { HostState } from '../../src/model/store.js';
import { formatDuration } from '../../src/format/units.js';

/**
 * The reason without the host it names (the row or banner names it already): SSH errors read
 * `refused: lab-3 (127.0.0.4:22): connection refused`; what is left is `connection refused`.
 */
export function downReason(error: string | null): string {
  if (error === null) return 'unreachable';
  const named = /^[a-z][\w -]*: \S+ \([^)]*\): (.+)$/s.exec(error);
  return named?.[1] ?? error;
}

/**
 * "DOWN 11s · connection refused · retry in 4s" — how long first, so a narrow terminal keeps
 * it; the fleet's rows, the host panes' banner and the Emergency pane all say it this way.
 */
export function downSummary(host: HostState, now = Date.now(), note = ''): string {
  const since = host.downSince ?? null;
  const never = host.lastSeen === null ? ' (never up)' : '';
  const age = since !== null ? formatDuration((now - since) / 1000) : '';
  const head = `DOWN${age ? ` ${age}` : ''}${never}`;
  const retry = host.retryAt === undefined || host.retryAt === null ? '' : host.retryAt > now ? ` · retry in ${formatDuration(Math.ceil((host.retryAt - now) / 1000))}` : ' · retrying';
  return `${head}${note} · ${downReason(host.error)}${retry}`;
}
