import { useCommand } from '../keys/use-command.js';

/**
 * The movement keys of a list (↑↓ j k, PgUp/PgDn, Home/End g G), for a list of `count` rows
 * of which `pageSize` are visible. `select` gets the new index, already clamped.
 */
export function useListNavigation(count: number, index: number, pageSize: number, select: (index: number) => void, disabled = false): void {
  const go = (to: number) => {
    if (count > 0) select(Math.min(count - 1, Math.max(0, to)));
  };
  const reason = disabled ? 'not here' : null;
  useCommand('list.down', () => go(index + 1), reason);
  useCommand('list.up', () => go(index - 1), reason);
  useCommand('list.pageDown', () => go(index + Math.max(1, pageSize - 1)), reason);
  useCommand('list.pageUp', () => go(index - Math.max(1, pageSize - 1)), reason);
  useCommand('list.top', () => go(0), reason);
  useCommand('list.bottom', () => go(count - 1), reason);
}
