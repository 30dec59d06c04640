/**
 * A flame graph drawn in the terminal as an icicle: the zoomed frame across the whole width on
 * the first row, its callees below it, each as wide as its share of the samples (frames under
 * one column are left out: they could not be seen or selected). The selected frame is drawn
 * inverted and the frames on its path in the accent colour. Navigation is by paths of frame
 * names from the tree's root: moving deeper follows the heaviest callee. Pure.
 */
import type { FlameNode } from '../../src/diagnostics/profile/flame-graph.js';
import { nodeAt } from '../../src/diagnostics/profile/flame-graph.js';
import { style } from '../theme.js';

export interface FlameCursor {
  /** The frame shown across the whole width (names from the root; [] = the root). */
  zoom: readonly string[];
  /** The selected frame, at or under the zoomed one. */
  selected: readonly string[];
}

/** `com.example.Engine.price` → `Engine.price`: the package says little in a narrow cell. */
export function shortFrame(name: string): string {
  const method = name.lastIndexOf('.');
  if (method <= 0) return name;
  const cls = name.lastIndexOf('.', method - 1);
  return cls < 0 ? name : name.slice(cls + 1);
}

/** The cursor made valid for `root`: paths cut back to frames the tree has, the selection under the zoom. */
export function clampCursor(root: FlameNode, cursor: FlameCursor): FlameCursor {
  const valid = (path: readonly string[]) => {
    let n = path.length;
    while (n > 0 && nodeAt(root, path.slice(0, n)) === null) n--;
    return path.slice(0, n);
  };
  const zoom = valid(cursor.zoom);
  const selected = valid(cursor.selected);
  const under = selected.length >= zoom.length && zoom.every((name, i) => selected[i] === name);
  return { zoom, selected: under ? selected : zoom };
}

/** The selection one level deeper (the heaviest callee), shallower (not above the zoom), or to a sibling. */
export function moveCursor(root: FlameNode, cursor: FlameCursor, move: 'deeper' | 'shallower' | 'next' | 'previous'): FlameCursor {
  const { zoom, selected } = clampCursor(root, cursor);
  if (move === 'deeper') {
    const child = nodeAt(root, selected)?.children[0];
    return child ? { zoom, selected: [...selected, child.name] } : { zoom, selected };
  }
  if (move === 'shallower') return { zoom, selected: selected.length > zoom.length ? selected.slice(0, -1) : selected };
  if (selected.length === zoom.length) return { zoom, selected };
  const parent = nodeAt(root, selected.slice(0, -1))!;
  const at = parent.children.findIndex((c) => c.name === selected.at(-1));
  const to = parent.children[at + (move === 'next' ? 1 : -1)];
  return to ? { zoom, selected: [...selected.slice(0, -1), to.name] } : { zoom, selected };
}

/** Enter: the selected frame fills the width. */
export function zoomIn(root: FlameNode, cursor: FlameCursor): FlameCursor {
  const { selected } = clampCursor(root, cursor);
  return { zoom: selected, selected };
}

/** Esc: one level out; null when the graph is not zoomed (Esc then leaves it). */
export function zoomOut(root: FlameNode, cursor: FlameCursor): FlameCursor | null {
  const { zoom, selected } = clampCursor(root, cursor);
  if (zoom.length === 0) return null;
  return { zoom: zoom.slice(0, -1), selected };
}

interface Cell {
  path: readonly string[];
  node: FlameNode;
  start: number;
  width: number;
}

/** The frames of each row, in columns, from the zoomed frame down. */
function layout(zoomed: FlameNode, zoom: readonly string[], width: number): Cell[][] {
  const rows: Cell[][] = [];
  const place = (node: FlameNode, path: readonly string[], depth: number, start: number, span: number) => {
    const from = Math.round(start);
    const to = Math.round(start + span);
    if (to - from < 1) return;
    (rows[depth] ??= []).push({ path, node, start: from, width: to - from });
    let x = start;
    for (const child of node.children) {
      const w = (child.value / node.value) * span;
      place(child, [...path, child.name], depth + 1, x, w);
      x += w;
    }
  };
  if (zoomed.value > 0) place(zoomed, zoom, 0, 0, width);
  return rows;
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => n === b[i]);
const isPrefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((n, i) => n === b[i]);

export interface FlameView {
  /** One line per row of frames shown. */
  rows: string[];
  /** The selected frame's figures, for the line above the graph. */
  selected: { name: string; value: number; self: number; percent: number; depth: number } | null;
  /** Rows of frames below the last one shown. */
  hiddenBelow: number;
}

/** The icicle in `width` × `height` cells, scrolled so that the selected frame's row shows. */
export function flameView(root: FlameNode, cursor: FlameCursor, width: number, height: number): FlameView {
  const { zoom, selected } = clampCursor(root, cursor);
  const zoomed = nodeAt(root, zoom) ?? root;
  const rows = layout(zoomed, zoom, Math.max(1, width));
  const depth = selected.length - zoom.length;
  const first = Math.max(0, Math.min(depth - (height - 1), rows.length - height));
  const shown = rows.slice(Math.max(0, first), Math.max(0, first) + Math.max(1, height));
  const lines = shown.map((cells) => {
    let line = '';
    let x = 0;
    for (const cell of cells) {
      if (cell.start > x) line += ' '.repeat(cell.start - x);
      const label = cell.width <= 1 ? '▏' : `${shortFrame(cell.node.name)}`.slice(0, cell.width - 1).padEnd(cell.width - 1) + '▏';
      line += samePath(cell.path, selected) ? style.selected(label) : isPrefix(cell.path, selected) ? style.accent(label) : label;
      x = cell.start + cell.width;
    }
    return line;
  });
  const node = nodeAt(root, selected);
  return {
    rows: lines,
    selected: node === null ? null : { name: node.name, value: node.value, self: node.self, percent: root.value > 0 ? (node.value / root.value) * 100 : 0, depth },
    hiddenBelow: Math.max(0, rows.length - (Math.max(0, first) + shown.length)),
  };
}
