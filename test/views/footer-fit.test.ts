import { describe, expect, it } from 'vitest';
import { fitHints } from '../../views/components/footer.js';

const hint = (id: string, key: string, label: string) => ({ id, key, label });

describe('the footer at 80 columns', () => {
  it('keeps quit and help whatever the room; the pane keys fill the rest first, the other global ones last', () => {
    const hints = [
      hint('pane.dumps.focus', 'v', 'jvms/captures'),
      hint('pane.dumps.thread', 't', 'thread dumps'),
      hint('pane.dumps.heap', 'h', 'heap dump'),
      hint('pane.dumps.histogram', 'c', 'histogram'),
      hint('list.filter', '/', 'filter'),
      hint('list.sort', 's', 'sort'),
      hint('list.open', 'Enter', 'open'),
      hint('app.quit', 'q', 'quit'),
      hint('app.help', '?', 'help'),
      hint('app.palette', ':', 'cmds'),
      hint('app.pause', 'p', 'pause'),
    ];
    const text = (width: number) => fitHints(hints, width).map((h) => `${h.key} ${h.label}`).join('  ');
    expect(text(80)).toBe('v jvms/captures  t thread dumps  h heap dump  c histogram  q quit  ? help');
    expect(text(80).length).toBeLessThanOrEqual(80);
    expect(text(40)).toBe('v jvms/captures  q quit  ? help');
    expect(text(200)).toBe('v jvms/captures  t thread dumps  h heap dump  c histogram  / filter  s sort  Enter open  q quit  ? help  : cmds  p pause');
  });
});
