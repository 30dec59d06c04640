import { Text } from 'ink';
import { fitWords, truncate } from '../../src/format/text.js';
import { layerOf } from '../keys/commands.js';
import { displayKey } from '../keys/key-names.js';
import type { AvailableCommand } from '../keys/key-router.js';
import { useAvailableCommands, useKeyRouter } from '../keys/use-command.js';
import { style } from '../theme.js';

const LAYER_ORDER = { modal: 0, pane: 1, global: 2 } as const;

/** Never dropped for room: how to leave, and where every other key is listed. */
const KEPT = ['app.quit', 'app.help'];

/** The footer's hints, generated from the registry: what the keys do here, most specific first. */
export function footerHints(available: readonly AvailableCommand[], modalOpen: boolean): { id: string; key: string; label: string }[] {
  return available
    .filter((a) => a.label && a.disabledReason === null && (layerOf(a.spec.scope) === 'modal') === modalOpen)
    .sort((a, b) => LAYER_ORDER[layerOf(a.spec.scope)] - LAYER_ORDER[layerOf(b.spec.scope)])
    .map((a) => ({ id: a.spec.id, key: displayKey(a.spec.keys[0] ?? ''), label: a.label ?? '' }));
}

/** The hints that fit in `width`: the pane's first, then quit and help (kept whatever the room), then the other global ones. */
export function fitHints<H extends { id: string; key: string; label: string }>(hints: readonly H[], width: number): H[] {
  const text = (h: H) => `${h.key} ${h.label}`;
  const kept = hints.filter((h) => KEPT.includes(h.id));
  const keptWidth = kept.reduce((sum, h) => sum + text(h).length + 2, 0);
  const rest = hints.filter((h) => !KEPT.includes(h.id));
  const local = rest.filter((h) => !h.id.startsWith('app.'));
  const global = rest.filter((h) => h.id.startsWith('app.'));
  const fitted = fitWords(local.map(text), Math.max(0, width - keptWidth)).length;
  const shown = [...local.slice(0, fitted), ...kept];
  const used = shown.reduce((sum, h, i) => sum + text(h).length + (i > 0 ? 2 : 0), 0);
  const more = fitted === local.length ? global.slice(0, fitWords(global.map(text), Math.max(0, width - used - 2)).length) : [];
  return [...shown, ...more];
}

export function Footer({ width, flash, modalOpen }: { width: number; flash: string | null; modalOpen: boolean }) {
  const available = useAvailableCommands();
  const router = useKeyRouter();
  // A pane's own dialogs (a confirmation, the filter prompt) hold the keyboard too.
  const dialog = modalOpen || router.activeModal !== null;
  if (flash) return <Text wrap="truncate-end">{style.warn(truncate(flash, width))}</Text>;
  const hints = fitHints(footerHints(available, dialog), width);
  return <Text wrap="truncate-end">{hints.map((hint) => `${style.key(hint.key)} ${style.dim(hint.label)}`).join('  ')}</Text>;
}
