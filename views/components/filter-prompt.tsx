import { Text } from 'ink';
import { useCommand, useModal, useTextCapture } from '../keys/use-command.js';
import { style } from '../theme.js';
import type { FilterAction, FilterState } from './filter-state.js';

export interface FilterPromptProps {
  value: string;
  width: number;
  onAppend(text: string): void;
  onBackspace(): void;
  /** Ctrl-U: clear what is typed. */
  onClear(): void;
  /** Enter keeps the filter, Esc drops it. */
  onDone(keep: boolean): void;
  /** The dialog id and the prompt's sign: a filter's `/` unless another text field borrows it. */
  modal?: string;
  sign?: string;
  hint?: string;
}

/** The `/` prompt: captures typing while open (the list filters live as you type). */
export function FilterPrompt({ value, width, onAppend, onBackspace, onClear, onDone, modal = 'filter', sign = '/', hint = '  Enter keep · Esc clear' }: FilterPromptProps) {
  useModal(modal);
  useTextCapture(modal, { onText: onAppend, onBackspace });
  useCommand('modal.accept', () => onDone(true));
  useCommand('modal.close', () => onDone(false));
  useCommand('modal.clearText', onClear);
  // Show the end of a long filter: that is where the typing happens.
  const shown = value.slice(-Math.max(1, width - 4 - hint.length));
  return (
    <Text>
      {style.key(sign)} {shown}
      <Text inverse> </Text>
      {style.dim(hint)}
    </Text>
  );
}

/** The prompt of a list pane whose state has a `/` filter (see filter-state.ts); nothing when closed. */
export function PaneFilterPrompt({ state, dispatch, width }: { state: FilterState; dispatch: (action: FilterAction) => void; width: number }) {
  if (!state.filtering) return null;
  return (
    <FilterPrompt
      value={state.filter}
      width={width}
      onAppend={(text) => dispatch({ type: 'appendFilter', text })}
      onBackspace={() => dispatch({ type: 'backspaceFilter' })}
      onClear={() => dispatch({ type: 'clearFilter' })}
      onDone={(keep) => dispatch({ type: 'endFilter', keep })}
    />
  );
}
