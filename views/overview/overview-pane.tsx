import { Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { useAppConfig, useUiActions, useUiState, type PaneProps } from '../app-context.js';
import { HostStatusBanner, bannerRows } from '../components/host-status-banner.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { usePaneReducer } from '../store/use-pane-memory.js';
import { useHost, useStoreSelector } from '../store/use-store.js';
import { overviewLines } from './overview-lines.js';

/** The host at a glance: CPU, memory, JVMs, disks, filesystems, network, TCP. */
export function OverviewPane({ width, height }: PaneProps) {
  const { hostName } = useUiState();
  const { thresholds, dumps, fleet } = useAppConfig();
  const { gotoPane } = useUiActions();
  const host = useHost(hostName);
  const jvms = useStoreSelector((st) => st.platform.jvms?.find((r) => r.host === hostName), hostName);
  // Looking at a host is what starts its JVM metrics (jstat runs only where someone looks).
  useEffect(() => dumps?.wantJvms(hostName), [dumps, hostName]);
  // Kept across panes: the per-core view chosen stays chosen.
  const [detailed, toggleDetailed] = usePaneReducer('overview', (d: boolean) => !d, true);
  useCommand('pane.overview.cores', () => toggleDetailed(undefined));
  // A host opened from the fleet: Esc goes back to it.
  useCommand('list.back', () => (fleet ? gotoPane('fleet') : false));
  const snapshot = host?.snapshot ?? null;
  const banner = bannerRows(host);
  const lines = useMemo(
    () => (snapshot ? overviewLines(snapshot, width, height - banner, thresholds, detailed, jvms) : []),
    [snapshot, width, height, banner, thresholds, detailed, jvms],
  );
  return (
    <>
      <HostStatusBanner host={host} width={width} />
      {snapshot ? <Lines lines={lines} /> : <Text dimColor>Waiting for the first reading of {hostName}…</Text>}
    </>
  );
}
