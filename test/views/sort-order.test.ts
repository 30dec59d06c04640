/** One natural order for names and one meaning of the sort arrows, in every table. */
import { describe, expect, it } from 'vitest';
import { sortJvmRows, type JvmRow } from '../../views/dumps/jvm-rows.js';
import { sortMarker } from '../../views/components/sort-mark.js';

const jvm = (host: string): JvmRow => ({ id: `${host}:1`, host, pid: 1, user: 'app', mainClass: 'Main', figures: null, note: null, heapPercent: -1 });

describe('sort order', () => {
  it('Dumps sorts hosts as the Fleet does: lab-2 before lab-10', () => {
    const rows = ['lab-11', 'lab-2', 'lab-0', 'lab-10', 'lab-1'].map(jvm);
    expect(sortJvmRows(rows, 'host', false).map((r) => r.host)).toEqual(['lab-0', 'lab-1', 'lab-2', 'lab-10', 'lab-11']);
  });

  it('marks ascending sorts ▲ and descending ▼, reversed by S', () => {
    const mark = sortMarker<'name' | 'cpu'>('name', false, ['name']);
    expect(mark('name', 'HOST')).toBe('HOST▲');
    expect(mark('cpu', 'CPU')).toBe('CPU');
    expect(sortMarker<'name' | 'cpu'>('cpu', false, ['name'])('cpu', 'CPU')).toBe('CPU▼');
    expect(sortMarker<'name' | 'cpu'>('name', true, ['name'])('name', 'HOST')).toBe('HOST▼');
  });
});
