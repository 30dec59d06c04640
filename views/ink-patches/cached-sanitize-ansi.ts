// Replaces ink/build/sanitize-ansi.js where squash-text-nodes.js imports it: Ink's own function
// (which strips cursor movement and other non-colour sequences from text), remembered for the
// lines it has seen. Ink sanitises every text node twice per frame, and most lines repeat.
// @ts-expect-error Ink ships no types for its internal modules; resolved by the build.
import inkSanitizeAnsi from 'ink/build/sanitize-ansi.js';
import { BoundedCache } from './bounded-cache.js';

const sanitize = inkSanitizeAnsi as (text: string) => string;
const cache = new BoundedCache<string>(2048);

export default function sanitizeAnsi(text: string): string {
  let clean = cache.get(text);
  if (clean === undefined) {
    clean = sanitize(text);
    cache.set(text, clean);
  }
  return clean;
}
