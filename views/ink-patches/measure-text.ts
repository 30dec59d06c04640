// Replaces ink/build/measure-text.js in the bundle: the same function, with a bounded cache.
import { fastWidth } from './fast-width.js';
import { BoundedCache } from './bounded-cache.js';

const cache = new BoundedCache<{ width: number; height: number }>(4096);

export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = cache.get(text);
  if (cached) return cached;
  const lines = text.split('\n');
  const dimensions = { width: Math.max(...lines.map(fastWidth)), height: lines.length };
  cache.set(text, dimensions);
  return dimensions;
}
