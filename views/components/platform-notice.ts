import type { PlatformKind } from '../../src/model/platform-readings.js';
import type { PlatformState } from '../../src/model/platform-state.js';

const DECLARES: Record<PlatformKind, string> = {
  applications: 'metrics endpoints',
  slos: 'SLOs',
  queues: 'queue sources',
  databases: 'a database',
};

/**
 * What a platform pane says instead of its table: that no component of the inventory declares
 * what it shows (and where to see how), or that the first reading has not come yet; null when
 * there is something to show.
 */
export function platformNotice(platform: PlatformState, kind: PlatformKind, hasReading: boolean): string | null {
  if (!(platform.watching ?? []).includes(kind)) return `No component declares ${DECLARES[kind]} — see perfmon config init for an example inventory.`;
  return hasReading ? null : 'Waiting for the first reading…';
}
