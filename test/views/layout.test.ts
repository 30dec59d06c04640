import { describe, expect, it } from 'vitest';
import { allocateRows } from '../../views/layout/allocate-rows.js';
import { fitColumns, scrollOffset, type Column } from '../../views/components/table.js';
import { chooseCoreLayout } from '../../views/overview/cpu-section.js';

describe('allocateRows', () => {
  it('gives minimums by priority, drops what does not fit, then shares the rest among equals', () => {
    const rows = allocateRows(
      [
        { id: 'cpu', min: 1, want: 2, priority: 0 },
        { id: 'fs', min: 2, want: 10, priority: 3 },
        { id: 'net', min: 2, want: 10, priority: 3 },
        { id: 'huge', min: 50, want: 50, priority: 4 },
      ],
      11,
    );
    expect(rows.get('cpu')).toBe(2);
    expect(rows.get('fs')).toBe(5);
    expect(rows.get('net')).toBe(4);
    expect(rows.has('huge')).toBe(false);
  });
});

describe('fitColumns', () => {
  const col = (header: string, width: number, priority: number, flex = false): Column<string> => ({ header, width, priority, flex, cell: () => '' });
  it('drops the least important columns first and lets the flex column take the rest', () => {
    const fitted = fitColumns([col('name', 10, 10, true), col('a', 5, 1), col('b', 5, 5)], 20);
    expect(fitted.map((c) => c.header)).toEqual(['name', 'b']);
    expect(fitted[0]!.width).toBe(14);
  });
});

describe('scrollOffset', () => {
  it('moves only as far as needed to keep the selection visible', () => {
    expect(scrollOffset(100, 10, 5, 0)).toBe(0);
    expect(scrollOffset(100, 10, 10, 0)).toBe(1);
    expect(scrollOffset(100, 10, 3, 5)).toBe(3);
    expect(scrollOffset(5, 10, 4, 3)).toBe(0);
  });
});

describe('chooseCoreLayout', () => {
  it('prefers per-core rows, then a grid, then a one-row strip', () => {
    expect(chooseCoreLayout(8, 80, 8, true)).toBe('rows');
    expect(chooseCoreLayout(8, 80, 2, true)).toBe('grid');
    expect(chooseCoreLayout(64, 80, 1, true)).toBe('strip');
    expect(chooseCoreLayout(64, 80, 0, true)).toBeNull();
    expect(chooseCoreLayout(8, 80, 8, false)).toBe('grid');
  });
});
