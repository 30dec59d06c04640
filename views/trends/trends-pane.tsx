import { Text } from 'ink';
import { useState } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { HostStatusBanner, bannerRows } from '../components/host-status-banner.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { useHost } from '../store/use-store.js';
import { TRENDS, trendLines } from './trend-charts.js';

/** CPU, memory, disk and network over the last minutes, as many samples as the width allows. */
export function TrendsPane({ width, height }: PaneProps) {
  const { hostName } = useUiState();
  const { intervalMs } = useAppConfig();
  const host = useHost(hostName);
  const [selected, setSelected] = useState(0);
  const [zoomed, setZoomed] = useState(false);
  const move = (by: number) => setSelected((i) => Math.min(TRENDS.length - 1, Math.max(0, i + by)));
  useCommand('list.down', () => move(1));
  useCommand('list.up', () => move(-1));
  useCommand('list.top', () => setSelected(0));
  useCommand('list.bottom', () => setSelected(TRENDS.length - 1));
  useCommand('pane.trends.zoom', () => setZoomed(true), zoomed ? 'already zoomed' : null);
  useCommand('pane.trends.unzoom', () => (zoomed ? setZoomed(false) : false), null, zoomed ? 'back' : undefined);
  if (!host) return <Text dimColor>Waiting for the first reading of {hostName}…</Text>;

  const area = height - bannerRows(host);
  const shown = zoomed ? [TRENDS[selected]!] : TRENDS;
  const each = Math.floor(area / shown.length);
  // Below three rows a chart is a title and a smudge: show fewer, the selected one first.
  const fits = each >= 3 ? shown : [TRENDS[selected]!];
  const rows = Math.floor(area / fits.length);
  const lines = fits.flatMap((spec) => trendLines(spec, host, width, rows, !zoomed && spec === TRENDS[selected], intervalMs, zoomed));
  return (
    <>
      <HostStatusBanner host={host} width={width} />
      <Lines lines={lines} />
    </>
  );
}
