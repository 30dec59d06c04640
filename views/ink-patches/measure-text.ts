// Replaces ink/build/measure-text.js in the bundle: the same function, with a bounded cache.
import widestLine from './widest-line.js';
import { BoundedCache } from './bounded-cache.js';

const cache = new BoundedCache<{ width: number; height: number }>(4096);

export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = cache.get(text);
  if (cached) return cached;
  const dimensions = { width: widestLine(text), height: text.split('\n').length };
  cache.set(text, dimensions);
  return dimensions;
}
