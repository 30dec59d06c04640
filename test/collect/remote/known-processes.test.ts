import { describe, expect, it } from 'vitest';
import { PROCESS_LISTS_KEPT } from '../../../src/collect/remote/collector-awk.js';
import { KnownProcesses } from '../../../src/collect/remote/known-processes.js';
import type { ProcessSnapshot } from '../../../src/model/host-snapshot.js';

const proc = (pid: number, args = `cmd ${pid}`): ProcessSnapshot => ({ pid, user: 'root', command: 'cmd', args, cpu: 0, rss: 0, memory: 0, state: 'S', threads: 1 });

describe('KnownProcesses', () => {
  it('keeps a process for twice the collector\'s lists after it last appeared, then forgets it', () => {
    const known = new KnownProcesses();
    known.add([proc(1), proc(2)]);
    for (let list = 2; list <= 2 * PROCESS_LISTS_KEPT; list++) known.add([proc(2)]);
    expect(known.get(1)).toEqual({ user: 'root', command: 'cmd', args: 'cmd 1' });
    known.add([proc(2)]);
    expect(known.get(1)).toBeUndefined();
    expect(known.size).toBe(1);
  });

  it('takes the newest text for a pid, and forgets all on reset', () => {
    const known = new KnownProcesses();
    known.add([proc(7, 'old')]);
    known.add([proc(7, 'new')]);
    expect(known.get(7)?.args).toBe('new');
    known.reset();
    expect(known.get(7)).toBeUndefined();
  });
});
