import { describe, expect, it } from 'vitest';
import { collectionFingerprint, decodeMessage, encodeMessage, lineReader } from '../../src/runtime/relay-protocol.js';
import type { Inventory } from '../../src/config/inventory-schema.js';

describe('relay protocol', () => {
  it('carries NaN and ±Infinity as they were (JSON would make them null), one message per line', () => {
    const line = encodeMessage({ t: 'sample', s: { kind: 'host-down', timeMs: 5, host: 'db1', reason: 'gone' }, retryAt: Number.POSITIVE_INFINITY });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(decodeMessage(line.trim())).toEqual({ t: 'sample', s: { kind: 'host-down', timeMs: 5, host: 'db1', reason: 'gone' }, retryAt: Number.POSITIVE_INFINITY });
    const state = decodeMessage(encodeMessage({ t: 'state', hosts: [], platform: { watching: ['x'], jvms: [{ host: 'a', error: null, jvms: [], time: Number.NaN }] } }).trim());
    expect(state).toEqual({ t: 'state', hosts: [], platform: { watching: ['x'], jvms: [{ host: 'a', error: null, jvms: [], time: Number.NaN }] } });
    expect(decodeMessage('{"$num":"NaN"}')).toBeNull();
    expect(decodeMessage('not json')).toBeNull();
  });

  it('splits a stream into lines across chunks and stops at a line longer than any reading', () => {
    const lines: string[] = [];
    let tooLong = 0;
    const feed = lineReader((l) => (lines.push(l), true), () => tooLong++);
    feed(Buffer.from('{"a":1}\n{"b"'));
    feed(Buffer.from(':2}\n\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    feed(Buffer.alloc(33 * 1024 * 1024, 'x'));
    expect(tooLong).toBe(1);
  });

  it('fingerprints what is watched: the same hosts and components match, another host does not', () => {
    const inv = (hosts: string[]) => ({ hosts: hosts.map((name) => ({ name, address: name })), ssh: {}, components: [] }) as unknown as Inventory;
    expect(collectionFingerprint(inv(['a', 'b']))).toBe(collectionFingerprint(inv(['a', 'b'])));
    expect(collectionFingerprint(inv(['a', 'b']))).not.toBe(collectionFingerprint(inv(['a', 'c'])));
    expect(collectionFingerprint(null)).toBe('local');
  });
});
