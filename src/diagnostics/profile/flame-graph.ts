/**
 * Flame graphs of a profile: stacks merged into a tree (root → callees, each node's value the
 * samples, or bytes, under it), written as folded stacks (`a;b;c 42`, the input of Brendan
 * Gregg's flamegraph.pl, speedscope, async-profiler's converters) and as a self-contained SVG
 * (an icicle: root on top, callees below, widths by value, a tooltip on every frame). Pure.
 */

export interface FlameNode {
  name: string;
  /** Samples (or bytes) in this frame and below. */
  value: number;
  /** Samples with this frame on top. */
  self: number;
  /** Largest first. */
  children: FlameNode[];
}

export interface WeightedStack {
  /** Top frame first, as JFR gives them. */
  stack: readonly string[];
  weight: number;
}

/** Builds a tree stack by stack (memory grows with distinct paths, not with samples). */
export class FlameBuilder {
  private readonly root: MutableNode;

  constructor(rootName = 'all') {
    this.root = { name: rootName, value: 0, self: 0, children: new Map() };
  }

  /** `stack` top frame first: its bottom frame becomes the root's child. */
  add(stack: readonly string[], weight: number): void {
    let node = this.root;
    node.value += weight;
    for (let i = stack.length - 1; i >= 0; i--) {
      const name = stack[i]!;
      let child = node.children.get(name);
      if (child === undefined) {
        child = { name, value: 0, self: 0, children: new Map() };
        node.children.set(name, child);
      }
      child.value += weight;
      node = child;
    }
    node.self += weight;
  }

  tree(): FlameNode {
    return freeze(this.root);
  }
}

/** The tree of `stacks` under a root named `rootName`. */
export function buildFlameTree(stacks: Iterable<WeightedStack>, rootName = 'all'): FlameNode {
  const builder = new FlameBuilder(rootName);
  for (const { stack, weight } of stacks) builder.add(stack, weight);
  return builder.tree();
}

interface MutableNode {
  name: string;
  value: number;
  self: number;
  children: Map<string, MutableNode>;
}

function freeze(node: MutableNode): FlameNode {
  const children = [...node.children.values()].map(freeze).sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  return { name: node.name, value: node.value, self: node.self, children };
}

/** The node at `path` (names from the root's child down), or null when the tree has no such frame. */
export function nodeAt(root: FlameNode, path: readonly string[]): FlameNode | null {
  let node: FlameNode | undefined = root;
  for (const name of path) {
    node = node.children.find((c) => c.name === name);
    if (node === undefined) return null;
  }
  return node;
}

/** Folded stacks, root first, one line per distinct stack: `main;work;hot 12`. */
export function foldedStacks(root: FlameNode): string {
  const lines: string[] = [];
  const walk = (node: FlameNode, prefix: string) => {
    const path = prefix === '' ? node.name : `${prefix};${node.name}`;
    if (node.self > 0) lines.push(`${path} ${node.self}`);
    for (const child of node.children) walk(child, path);
  };
  for (const child of root.children) walk(child, '');
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A warm colour per frame name, stable across runs (so two graphs of one JVM compare by eye). */
function colour(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  const app = !/^(java|javax|jdk|sun|com\.sun)\./.test(name);
  const r = app ? 205 + (hash % 50) : 180 + (hash % 40);
  const g = app ? 90 + ((hash >>> 8) % 110) : 180 + ((hash >>> 8) % 40);
  const b = app ? 40 + ((hash >>> 16) % 40) : 120 + ((hash >>> 16) % 40);
  return `rgb(${r},${g},${b})`;
}

export interface SvgOptions {
  title: string;
  /** What a value counts: `samples`, `bytes`. */
  unit: string;
  width?: number;
}

const ROW = 16;

/**
 * The icicle as a standalone SVG file: one <rect> per frame, its <title> the full name with
 * value and share; frames narrower than a pixel are left out (they could not be seen or
 * pointed at). No script, no external reference: opens in any browser or image viewer.
 */
export function flameSvg(root: FlameNode, options: SvgOptions): string {
  const width = options.width ?? 1200;
  const total = Math.max(1, root.value);
  const rects: string[] = [];
  let depth = 0;
  const walk = (node: FlameNode, x: number, level: number) => {
    const w = (node.value / total) * (width - 20);
    if (w < 1) return;
    depth = Math.max(depth, level);
    const y = 40 + level * ROW;
    const share = ((node.value / total) * 100).toFixed(2);
    const label = w > 40 ? escapeXml(node.name.slice(0, Math.floor(w / 7))) : '';
    rects.push(
      `<g><title>${escapeXml(node.name)} (${node.value} ${options.unit}, ${share}%)</title>` +
        `<rect x="${(10 + x).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 1}" fill="${colour(node.name)}" rx="2"/>` +
        (label ? `<text x="${(13 + x).toFixed(1)}" y="${y + 11}">${label}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const child of node.children) {
      walk(child, cx, level + 1);
      cx += (child.value / total) * (width - 20);
    }
  };
  walk(root, 0, 0);
  const height = 40 + (depth + 1) * ROW + 20;
  return [
    '<?xml version="1.0" standalone="no"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#f8f8f0"/>`,
    `<text x="10" y="24" font-size="15">${escapeXml(options.title)}</text>`,
    ...rects,
    '</svg>',
    '',
  ].join('\n');
}
