import { Text } from 'ink';
import { useMemo, useState } from 'react';
import { useAppConfig, useUiState, type PaneProps } from '../app-context.js';
import { HostStatusBanner, bannerRows } from '../components/host-status-banner.js';
import { Lines } from '../components/lines.js';
import { useCommand } from '../keys/use-command.js';
import { useHost, useStoreSelector } from '../store/use-store.js';
import { defaultStoreDir } from '../../src/history/history-command.js';
import { TREND_RANGES } from '../../src/history/trend-query.js';
import type { StoreState } from '../../src/model/store.js';
import { historyTrendLines, TRENDS, trendLines, type TrendSpec } from './trend-charts.js';
import { useTrendHistory } from './use-trend-history.js';

const DAY = 86_400_000;
const OVERLAYS = [
  { ms: 0, label: null },
  { ms: DAY, label: 'a day earlier' },
  { ms: 7 * DAY, label: 'a week earlier' },
] as const;
type Scope = 'host' | 'component' | 'fleet';
const SCOPES: readonly Scope[] = ['host', 'component', 'fleet'];
const allHosts = (s: StoreState) => s.hosts.map((h) => h.name).join('\n');

/**
 * CPU, memory, disk and network: live, the last minutes as many samples as the width allows;
 * or (`+`) a range from history, 10 minutes to 30 days, each column a bucket with its band.
 */
export function TrendsPane({ width, height }: PaneProps) {
  const { hostName, replayAt } = useUiState();
  const { intervalMs, historyDir, fleet } = useAppConfig();
  const host = useHost(hostName);
  const [selected, setSelected] = useState(0);
  const [zoomed, setZoomed] = useState(false);
  // -1: the live minutes; else an index into TREND_RANGES.
  const [range, setRange] = useState(-1);
  const [overlay, setOverlay] = useState(0);
  const [scope, setScope] = useState<Scope>('host');
  const hostList = useStoreSelector(allHosts);
  const component = fleet?.hosts.find((h) => h.name === hostName)?.components[0]?.name ?? null;
  const scopeHosts = useMemo(() => {
    if (scope === 'fleet') return hostList ? hostList.split('\n') : [hostName];
    if (scope === 'component' && component !== null) return (fleet?.hosts ?? []).filter((h) => h.components.some((c) => c.name === component)).map((h) => h.name);
    return [hostName];
  }, [scope, hostList, hostName, component, fleet]);
  const history = useTrendHistory(
    range < 0 ? null : { historyDir: historyDir ?? defaultStoreDir(), hosts: scopeHosts, rangeMs: TREND_RANGES[range]!.ms, columns: Math.max(2, width - 12), end: replayAt, overlayMs: OVERLAYS[overlay]!.ms },
  );
  const move = (by: number) => setSelected((i) => Math.min(TRENDS.length - 1, Math.max(0, i + by)));
  useCommand('list.down', () => move(1));
  useCommand('list.up', () => move(-1));
  useCommand('list.top', () => setSelected(0));
  useCommand('list.bottom', () => setSelected(TRENDS.length - 1));
  useCommand('pane.trends.zoom', () => setZoomed(true), zoomed ? 'already zoomed' : null);
  useCommand('pane.trends.unzoom', () => (zoomed ? setZoomed(false) : false), null, zoomed ? 'back' : undefined);
  useCommand('pane.trends.longer', () => setRange((r) => Math.min(TREND_RANGES.length - 1, r + 1)), range === TREND_RANGES.length - 1 ? 'already the longest range (30d)' : null);
  useCommand('pane.trends.shorter', () => setRange((r) => Math.max(-1, r - 1)), range < 0 ? 'already live' : null);
  useCommand('pane.trends.overlay', () => setOverlay((o) => (o + 1) % OVERLAYS.length), range < 0 ? 'a range from history first (+)' : null);
  useCommand('pane.trends.scope', () => setScope((s) => SCOPES[(SCOPES.indexOf(s) + 1) % SCOPES.length]!), range < 0 ? 'a range from history first (+)' : fleet === null ? 'one machine: nothing else to show' : null);
  if (!host) return <Text dimColor>Waiting for the first reading of {hostName}…</Text>;

  const area = height - bannerRows(host);
  const shown = zoomed ? [TRENDS[selected]!] : TRENDS;
  const each = Math.floor(area / shown.length);
  // Below three rows a chart is a title and a smudge: show fewer, the selected one first.
  const fits = each >= 3 ? shown : [TRENDS[selected]!];
  const rows = Math.floor(area / fits.length);
  const isSelected = (spec: TrendSpec) => !zoomed && spec === TRENDS[selected];
  let lines: string[];
  if (range < 0) lines = fits.flatMap((spec) => trendLines(spec, host, width, rows, isSelected(spec), intervalMs, zoomed));
  else if (history.status === 'ok') {
    const scopeLabel = scope === 'host' ? hostName : scope === 'component' && component !== null ? `${component} (${scopeHosts.length} host${scopeHosts.length === 1 ? "" : "s"})` : scope === 'fleet' ? `fleet (${scopeHosts.length} hosts)` : hostName;
    const context = { range: TREND_RANGES[range]!.label, scope: scopeLabel, tier: history.tier, overlay: OVERLAYS[overlay]!.label, group: scopeHosts.length > 1 };
    lines = fits.flatMap((spec) => historyTrendLines(spec, history.metrics, history.overlay, TREND_RANGES[range]!.ms, context, width, rows, isSelected(spec), zoomed));
  } else lines = [history.status === 'loading' ? `Reading the last ${TREND_RANGES[range]!.label} from history…` : `History cannot be read: ${history.message}`];
  return (
    <>
      <HostStatusBanner host={host} width={width} />
      <Lines lines={lines} />
    </>
  );
}
