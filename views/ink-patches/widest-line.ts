// Replaces the widest-line package where Ink uses it (render-node-to-output.js measures every
// changed line of every frame with it): the same answer through fastWidth.
import { fastWidth } from './fast-width.js';

export default function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, fastWidth(line));
  return widest;
}
