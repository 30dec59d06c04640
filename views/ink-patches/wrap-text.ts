// Replaces ink/build/wrap-text.js in the bundle: the same function, with a bounded cache and
// a key that cannot confuse one text+width with another (ink#998).
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { BoundedCache } from './bounded-cache.js';
import { fastWidth } from './fast-width.js';

const cache = new BoundedCache<string>(4096);

export default function wrapText(text: string, maxWidth: number, wrapType: string): string {
  const key = `${maxWidth}\u0000${wrapType}\u0000${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let wrapped = text;
  // Text that already fits (perfmon cuts its lines to width itself) needs no wrapping.
  if (text.split('\n').every((line) => fastWidth(line) <= maxWidth)) {
    cache.set(key, text);
    return text;
  }
  if (wrapType === 'wrap') wrapped = wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    wrapped = cliTruncate(text, maxWidth, { position });
  }
  cache.set(key, wrapped);
  return wrapped;
}
