import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { truncate } from '../../src/format/text.js';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { useStoreView } from '../store/use-store.js';
import { style } from '../theme.js';
import { Lines } from './lines.js';

export interface ConfirmDialogProps {
  /** "Rolling restart of order-engine". */
  title: string;
  /** The exact preview: hosts, batches, commands. Scrolls with ↑↓ when longer than the room. */
  preview: readonly string[];
  /** What the operator must type to go ahead: the target's name. */
  confirmText: string;
  /** The inventory's environment, shown in red when it is production. */
  environment: string | null;
  width: number;
  height: number;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * The gate in front of every action that changes a host: the exact plan, then the target's
 * name typed in full (a stray Enter or y can't start a restart). The picture behind it is
 * frozen while it is open, so the preview does not move under the operator's eyes.
 */
export function ConfirmDialog({ title, preview, confirmText, environment, width, height, onConfirm, onCancel }: ConfirmDialogProps) {
  useModal('confirm');
  const view = useStoreView();
  useEffect(() => {
    const wasPaused = view.paused;
    view.setPaused(true);
    return () => view.setPaused(wasPaused);
  }, [view]);
  // A ref besides the state: a name typed with Enter in one chunk is read before a re-render.
  const typed = useRef('');
  const [shown, setShown] = useState('');
  const [mistake, setMistake] = useState(false);
  const [top, setTop] = useState(0);
  const edit = (next: string) => {
    typed.current = next;
    setShown(next);
    setMistake(false);
  };
  useTextCapture('confirm', { onText: (t) => edit(typed.current + t), onBackspace: () => edit(typed.current.slice(0, -1)) });
  useCommand('modal.accept', () => (typed.current === confirmText ? onConfirm() : setMistake(true)));
  useCommand('modal.close', onCancel);
  const room = Math.max(1, height - 5);
  useCommand('modal.down', () => setTop((t) => Math.min(Math.max(0, preview.length - room), t + 1)));
  useCommand('modal.up', () => setTop((t) => Math.max(0, t - 1)));
  const production = environment !== null && /^prod/i.test(environment);
  const badge = environment ? (production ? style.danger(` ${environment.toUpperCase()} `) : style.selected(` ${environment.toUpperCase()} `)) : '';
  return (
    <Box flexDirection="column">
      <Text>
        {badge}
        {badge ? ' ' : ''}
        {style.bold(truncate(title, Math.max(10, width - (environment ? environment.length + 3 : 0))))}
      </Text>
      <Lines lines={preview.slice(top, top + room).map((l) => truncate(l, width))} />
      {preview.length > room && <Text dimColor>{`lines ${top + 1}–${Math.min(preview.length, top + room)} of ${preview.length}, ↑↓ to scroll`}</Text>}
      <Text>
        {style.warn(truncate(`Type ${confirmText} and press Enter to go ahead; Esc cancels.`, width))}
      </Text>
      <Text>
        {style.key('> ')}
        {shown}
        {style.selected(' ')}
        {mistake ? style.bad(`  that is not ${confirmText}`) : ''}
      </Text>
    </Box>
  );
}
