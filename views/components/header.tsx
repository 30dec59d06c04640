import { Text } from 'ink';
import { memo } from 'react';
import { truncate } from '../../src/format/text.js';
import { paneNumber, type PaneDef } from '../host-panes.js';
import { style } from '../theme.js';

export interface HeaderProps {
  width: number;
  panes: readonly PaneDef[];
  active: string;
  /** Left side facts, most important first; dropped from the end when space runs out. */
  facts: readonly string[];
  paused: boolean;
  environment: string | null;
  readOnly: boolean;
  /** The replayed moment ("03:12:05 (−8h 13m)"); null when live. */
  replay?: string | null;
  /** `ALERTS 2 crit 1 warn` while alerts fire (as the recorder stored them), else undefined. */
  alerts?: string | undefined;
  /** `DEGRADED 2 · revert 17:46:34` while a control is off its normal state, else undefined. */
  degraded?: string | undefined;
  /** The reading time of what the pane shows (HH:MM:SS): never dropped for room. */
  clock?: string | undefined;
}

/** The tab bar: full titles, else short ones, else only the active pane (always numbered). */
export function tabBar(panes: readonly PaneDef[], active: string, width: number): { text: string; render: () => string } {
  const variants = [(p: PaneDef) => p.title, (p: PaneDef) => p.short];
  for (const label of variants) {
    const tab = (p: PaneDef) => `${paneNumber(p.id, panes)} ${label(p)}`;
    const text = panes.map(tab).join(' ');
    if (text.length <= width) {
      return {
        text,
        render: () => panes.map((p) => (p.id === active ? style.selected(tab(p)) : style.dim(tab(p)))).join(' '),
      };
    }
  }
  const pane = panes.find((p) => p.id === active);
  const last = Math.max(...panes.map((p) => paneNumber(p.id, panes)));
  const text = truncate(`${paneNumber(active, panes)}/${last} ${pane?.title ?? ''}`, width);
  return { text, render: () => style.selected(text) };
}

/** One line: REPLAY, environment and mode badges, what is watched, PAUSED, the reading's clock; the tab bar on the right. */
export const Header = memo(function Header({ width, panes, active, facts, paused, environment, readOnly, replay = null, alerts, degraded, clock }: HeaderProps) {
  const badges: { text: string; paint: (t: string) => string }[] = [];
  // First and loud: every figure below is from the past.
  if (replay) badges.push({ text: ` REPLAY ${replay} `, paint: style.danger });
  if (environment) badges.push({ text: ` ${environment.toUpperCase()} `, paint: /^prod/i.test(environment) ? style.danger : style.selected });
  if (alerts !== undefined) badges.push({ text: ` ${alerts} `, paint: alerts.includes('crit') ? style.danger : style.alarm });
  if (degraded !== undefined) badges.push({ text: ` ${degraded} `, paint: style.alarm });
  if (paused) badges.push({ text: ' PAUSED ', paint: style.selected });
  if (readOnly) badges.push({ text: ' READ-ONLY ', paint: style.selected });
  const badgeWidth = badges.reduce((sum, b) => sum + b.text.length + 1, 0);
  // The clock sits just before the tabs and is never dropped: the facts give way, then the tabs shrink.
  const clockWidth = clock === undefined ? 0 : clock.length + 2;
  const tabs = tabBar(panes, active, Math.max(8, Math.min(Math.floor(width / 2), width - badgeWidth - clockWidth - 8)));
  let room = width - badgeWidth - clockWidth - tabs.text.length - 1;
  const kept: string[] = [];
  for (const fact of ['perfmon', ...facts]) {
    if (fact.length + (kept.length ? 2 : 0) > room) break;
    kept.push(fact);
    room -= fact.length + (kept.length > 1 ? 2 : 0);
  }
  const left = badges.map((b) => b.paint(b.text)).join(' ') + (badges.length ? ' ' : '');
  const leftText = kept.map((f, i) => (i === 0 ? style.title(f) : f)).join('  ');
  const used = badgeWidth + kept.join('  ').length;
  const gap = Math.max(1, width - used - clockWidth - tabs.text.length);
  return (
    <Text wrap="truncate-end">
      {left}
      {leftText}
      {clock === undefined ? '' : `  ${clock}`}
      {' '.repeat(gap)}
      {tabs.render()}
    </Text>
  );
});
