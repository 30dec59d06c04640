import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { snapshotText } from '../../views/snapshot-text.js';
import { capturedSnapshot } from './render-app.js';

describe('perfmon snapshot text', () => {
  it('says why a JVM of the process list has no heap or GC figures instead of "waiting for the first reading" (a snapshot never waits for one)', () => {
    const host = { ...capturedSnapshot(), jvms: [{ pid: 4242, user: 'trader', mainClass: 'com.example.OrderEngine' }] };
    const text = stripVTControlCharacters(snapshotText([host], 160));
    const line = text.split('\n').find((l) => l.includes('4242'));
    expect(line).toMatch(/JVM +4242 com\.example\.OrderEngine +no heap\/GC in a snapshot \(Dumps pane\)/);
    expect(text).not.toContain('waiting for the first reading');
  });
});
