import { Text } from 'ink';
import { useRef, useState } from 'react';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';

/** The Load pane's `r` prompt: a scenario file's path, Enter to preview it, Esc to drop it. */
export function ScenarioPrompt({ width, onDone }: { width: number; onDone(path: string | null): void }) {
  useModal('load-scenario');
  // A ref besides the state: a path typed with Enter in one chunk is read before a re-render.
  const typed = useRef('');
  const [shown, setShown] = useState('');
  const edit = (next: string) => {
    typed.current = next;
    setShown(next);
  };
  useTextCapture('load-scenario', { onText: (t) => edit(typed.current + t), onBackspace: () => edit(typed.current.slice(0, -1)) });
  useCommand('modal.accept', () => onDone(typed.current.trim() === '' ? null : typed.current.trim()));
  useCommand('modal.close', () => onDone(null));
  useCommand('modal.clearText', () => edit(''));
  const label = 'scenario file: ';
  const hint = '  Enter preview · Esc cancel';
  return (
    <Text>
      {style.key(label)}
      {shown.slice(-Math.max(1, width - label.length - hint.length - 2))}
      <Text inverse> </Text>
      {style.dim(hint)}
    </Text>
  );
}
