import stringWidth from 'string-width';

// Every symbol perfmon itself draws, all one column wide: bars, blocks, box drawing, arrows,
// markers. Text made only of these and printable ASCII has its length as its width; anything
// else (a CJK host name, an emoji in a queue name) goes to string-width, which is exact but
// slow (it segments graphemes), and that was a large share of a frame's cost.
const NARROW = new Set('▏▎▍▌▋▊▉█▓▒░·▁▂▃▄▅▆▇┤┼┬┴├│─╭╮╰╯═║▲▼▶◀●○◆✖✔…—–↑↓←→≤≥°±×µ');

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** The terminal width of `text` (ANSI sequences take none), fast for what perfmon draws. */
export function fastWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  for (let i = 0; i < plain.length; i += 1) {
    const code = plain.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (!NARROW.has(plain[i]!)) return stringWidth(text);
  }
  return plain.length;
}
