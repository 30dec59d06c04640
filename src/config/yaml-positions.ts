/**
 * Maps a field path (as zod reports it) back to a place in the YAML source.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

// A key in a mapping, looking through `<<` merge keys so merged values still get a position.
function findPair(doc: Document, map: unknown, key: string, depth = 0): Pair | undefined {
  const resolved = resolve(doc, map);
  if (!isMap(resolved) || depth > 10) return undefined;
  const pairs = resolved.items as Pair[];
  const direct = pairs.find((pair) => isScalar(pair.key) && typeof pair.key.value !== 'symbol' && String(pair.key.value) === key);
  if (direct) return direct;
  for (const pair of pairs) {
    // With `merge: true` the key's value is a symbol; its source text is still `<<`.
    if (!isScalar(pair.key) || (pair.key.source ?? String(pair.key.value)) !== '<<') continue;
    const sources = isSeq(resolve(doc, pair.value)) ? (resolve(doc, pair.value) as { items: unknown[] }).items : [pair.value];
    for (const source of sources) {
      const found = findPair(doc, source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function start(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/**
 * The offset of the node at `path`: its value, or its key when `target` is 'key' (for unknown
 * keys). When the path goes further than the document (a missing key), the deepest node found.
 */
export function locateOffset(doc: Document, path: readonly PropertyKey[], target: 'value' | 'key' = 'value'): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const current = resolve(doc, node);
    const last = i === path.length - 1;
    if (isSeq(current) && typeof segment === 'number') {
      node = current.items[segment];
    } else if (isMap(current)) {
      const pair = findPair(doc, current, String(segment));
      if (!pair) return offset;
      // `key:` with nothing after it has an empty value node: point at the key instead.
      const range = (pair.value as Node | null)?.range;
      const keyStart = start(pair.key);
      if (last && (target === 'key' || !range || range[0] === range[1])) return keyStart ?? offset;
      node = pair.value;
    } else {
      return offset;
    }
    offset = start(node) ?? offset;
  }
  return offset;
}

export function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[], target: 'value' | 'key' = 'value'): Position {
  const { line, col } = lines.linePos(locateOffset(doc, path, target));
  return { line, column: col };
}
