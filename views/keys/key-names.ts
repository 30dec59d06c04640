import type { Key } from 'ink';

/**
 * The name of a key press as the registry spells it: "q", "?", "G", "enter", "esc", "tab",
 * "shift+tab", "up", "pgdn", "ctrl+c" … One printable character is its own name; pasted text
 * (several characters at once) has no name and only reaches text inputs.
 */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input.length === 1 && input >= ' ') return input;
  return null;
}

/** Whether a press is text for a text input (a printable character or a paste). */
export function isText(input: string, key: Key): boolean {
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.backspace || key.delete) return false;
  return input.length > 0 && [...input].every((ch) => ch >= ' ' && ch !== '\u007f');
}

/** How a key is shown to people: "Enter", "Esc", "Shift-Tab", "Ctrl-C", "↑" … */
export function displayKey(name: string): string {
  const special: Record<string, string> = {
    enter: 'Enter',
    esc: 'Esc',
    tab: 'Tab',
    'shift+tab': 'Shift-Tab',
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    pgup: 'PgUp',
    pgdn: 'PgDn',
    home: 'Home',
    end: 'End',
    backspace: 'Bksp',
    ' ': 'Space',
  };
  if (special[name]) return special[name];
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  return name;
}
