import { Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { HostStatusBanner, bannerRows } from '../components/host-status-banner.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { useHost, useStoreSelector } from '../store/use-store.js';
import { overviewLines } from './overview-lines.js';

/** The host at a glance: CPU, memory, JVMs, disks, filesystems, network, TCP. */
export function OverviewPane({ width, height }: PaneProps) {
  const { hostName } = useUiState();
  const { thresholds, dumps } = useAppConfig();
  const host = useHost(hostName);
  const jvms = useStoreSelector((st) => st.platform.jvms?.find((r) => r.host === hostName), hostName);
  // Looking at a host is what starts its JVM metrics (jstat runs only where someone looks).
  useEffect(() => dumps?.wantJvms(hostName), [dumps, hostName]);
  const [detailed, setDetailed] = useState(true);
  useCommand('pane.overview.cores', () => setDetailed((d) => !d));
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
