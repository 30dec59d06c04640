/**
 * The pure parts of a JFR profile: the streaming splitter of `jfr print --json` (any chunking
 * gives the same events; a cut-off output is an error naming the line), ISO durations, stable
 * lambda names, which parks are lock waits, and the flame tree with its folded and SVG forms.
 */
import { describe, expect, it } from 'vitest';
import { buildFlameTree, flameSvg, foldedStacks, nodeAt } from '../../src/diagnostics/profile/flame-graph.js';
import { isLockPark } from '../../src/diagnostics/profile/analyze-profile.js';
import { durationMs, profileEvent, stableClassName } from '../../src/diagnostics/profile/jfr-events.js';
import { JfrJsonSplitter } from '../../src/diagnostics/profile/jfr-json-stream.js';

const frame = (type: string, name: string) => ({ method: { type: { name: type, classLoader: { name: 'app' } }, name, descriptor: '()V' }, lineNumber: 1 });
const events = [
  { type: 'jdk.ExecutionSample', values: { startTime: '2026-12-04T18:39:27.328Z', sampledThread: { javaName: 'quote-pricer' }, stackTrace: { frames: [frame('Hot', 'run'), frame('java/lang/Thread', 'run')] } } },
  { type: 'jdk.SocketRead', values: { startTime: '2026-12-04T18:39:27.400Z', duration: 'PT0.0409S', eventThread: { javaName: 'md "feed" {1}' }, host: 'localhost', port: 42495, bytesRead: 1, stackTrace: { frames: [] } } },
];
const output = `{\n  "recording": {\n    "events": [${events.map((e) => JSON.stringify(e, null, 2)).join(', ')}]\n  }\n}\n`;

describe('JfrJsonSplitter', () => {
  it('hands back the same events however the output is cut into chunks', () => {
    for (const size of [1, 7, 64, output.length]) {
      const splitter = new JfrJsonSplitter();
      const got: unknown[] = [];
      for (let i = 0; i < output.length; i += size) got.push(...splitter.push(output.slice(i, i + size)));
      splitter.end();
      expect(got).toEqual(events);
    }
  });

  it('an output cut off inside an event is an error naming the line', () => {
    const splitter = new JfrJsonSplitter();
    splitter.push(output.slice(0, output.length / 2));
    expect(() => splitter.end()).toThrow(/^line \d+: jfr print output ended part-way through an event$/);
  });
});

describe('JFR event values', () => {
  it('reads ISO durations to milliseconds, and nothing else', () => {
    expect(durationMs('PT0.002293306S')).toBeCloseTo(2.293306, 6);
    expect(durationMs('PT1M2.5S')).toBe(62_500);
    expect(durationMs('PT-2562047788015215H-30M-8S')).toBe(0);
    expect(durationMs(undefined)).toBe(0);
  });

  it('names hidden lambda classes the same in every run, on JDK 17 and 25', () => {
    expect(stableClassName('ProfileTargets$$Lambda$2+0x00007fc834000c28/1933863327')).toBe('ProfileTargets$$Lambda');
    expect(stableClassName('ProfileTargets$$Lambda/0x0000000027040210')).toBe('ProfileTargets$$Lambda');
    expect(stableClassName('java/util/concurrent/locks/ReentrantLock$NonfairSync')).toBe('java.util.concurrent.locks.ReentrantLock$NonfairSync');
    expect(stableClassName('[J')).toBe('long[]');
  });

  it('a socket read: its thread, target, duration and bytes', () => {
    expect(profileEvent(events[1])).toEqual({ kind: 'io', time: Date.parse('2026-12-04T18:39:27.400Z'), thread: 'md "feed" {1}', stack: [], operation: 'socket read', target: 'localhost:42495', durationMs: 40.9, bytes: 1 });
  });

  it('a park is a lock wait under a lock’s acquire, not an idle worker waiting on a condition', () => {
    const lockStack = ['jdk.internal.misc.Unsafe.park', 'java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire', 'java.util.concurrent.locks.ReentrantLock.lock'];
    expect(isLockPark({ lockClass: 'java.util.concurrent.locks.ReentrantLock$NonfairSync', stack: lockStack })).toBe(true);
    expect(isLockPark({ lockClass: 'java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject', stack: ['java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await'] })).toBe(false);
    expect(isLockPark({ lockClass: '(no blocker)', stack: lockStack })).toBe(false);
  });
});

describe('flame tree', () => {
  const tree = buildFlameTree([
    { stack: ['hot', 'work', 'main'], weight: 3 },
    { stack: ['cold', 'work', 'main'], weight: 1 },
    { stack: ['main'], weight: 1 },
  ]);

  it('merges stacks root first, children largest first, self where a stack ends', () => {
    expect(tree.value).toBe(5);
    expect(nodeAt(tree, ['main'])).toMatchObject({ value: 5, self: 1 });
    expect(nodeAt(tree, ['main', 'work'])!.children.map((c) => [c.name, c.value])).toEqual([
      ['hot', 3],
      ['cold', 1],
    ]);
    expect(nodeAt(tree, ['main', 'nope'])).toBeNull();
  });

  it('folded stacks: one line per distinct stack with its own samples', () => {
    expect(foldedStacks(tree)).toBe('main 1\nmain;work;hot 3\nmain;work;cold 1\n');
  });

  it('SVG: one titled frame per node wide enough to see, names escaped', () => {
    const svg = flameSvg(buildFlameTree([{ stack: ['List<String>.get', 'main'], weight: 2 }]), { title: 'a & b', unit: 'samples' });
    expect(svg).toContain('<title>List&#60;String&#62;.get (2 samples, 100.00%)</title>');
    expect(svg).toContain('>a &#38; b</text>');
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
  });
});
