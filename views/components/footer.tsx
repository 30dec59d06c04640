import { Text } from 'ink';
import { fitWords, truncate } from '../../src/format/text.js';
import { layerOf } from '../keys/commands.js';
import { displayKey } from '../keys/key-names.js';
import type { AvailableCommand } from '../keys/key-router.js';
import { useAvailableCommands, useKeyRouter } from '../keys/use-command.js';
import { style } from '../theme.js';

const LAYER_ORDER = { modal: 0, pane: 1, global: 2 } as const;

/** The footer's hints, generated from the registry: what the keys do here, most specific first. */
export function footerHints(available: readonly AvailableCommand[], modalOpen: boolean): { key: string; label: string }[] {
  return available
    .filter((a) => a.label && a.disabledReason === null && (layerOf(a.spec.scope) === 'modal') === modalOpen)
    .sort((a, b) => LAYER_ORDER[layerOf(a.spec.scope)] - LAYER_ORDER[layerOf(b.spec.scope)])
    .map((a) => ({ key: displayKey(a.spec.keys[0] ?? ''), label: a.label ?? '' }));
}

export function Footer({ width, flash, modalOpen }: { width: number; flash: string | null; modalOpen: boolean }) {
  const available = useAvailableCommands();
  const router = useKeyRouter();
  // A pane's own dialogs (a confirmation, the filter prompt) hold the keyboard too.
  const dialog = modalOpen || router.activeModal !== null;
  if (flash) return <Text wrap="truncate-end">{style.warn(truncate(flash, width))}</Text>;
  const hints = footerHints(available, dialog);
  const words = fitWords(
    hints.map((h) => `${h.key} ${h.label}`),
    width,
  );
  return (
    <Text wrap="truncate-end">
      {words
        .map((w, i) => {
          const hint = hints[i]!;
          return `${style.key(hint.key)} ${style.dim(w.slice(hint.key.length + 1))}`;
        })
        .join('  ')}
    </Text>
  );
}
