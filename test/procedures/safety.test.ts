import { describe, expect, it } from 'vitest';
import { actionRefusal, assertActionAllowed, ActionRefusedError } from '../../src/procedures/safety.js';
import { stateDir } from '../../src/procedures/state-dir.js';

const all = ['restart', 'recover', 'degrade', 'dump-thread', 'dump-heap', 'load'] as const;

describe('actionRefusal', () => {
  it('allows what the inventory allows', () => {
    expect(actionRefusal({ readOnly: false, actions: [...all] }, 'restart')).toBeUndefined();
  });

  it('refuses everything under --read-only or readOnly: true, naming which', () => {
    for (const kind of all) {
      expect(actionRefusal({ readOnly: false, actions: [...all] }, kind, { readOnly: true })).toBe(`${kind} refused: perfmon runs with --read-only, which allows no action`);
      expect(actionRefusal({ readOnly: true, actions: [...all] }, kind, { configPath: '/etc/p.yaml' })).toBe(`${kind} refused: /etc/p.yaml sets readOnly: true, which allows no action`);
    }
  });

  it('refuses what the actions list leaves out', () => {
    expect(() => assertActionAllowed({ readOnly: false, actions: ['degrade'] }, 'restart')).toThrow(
      new ActionRefusedError('restart refused: it is not in the actions allowed by the inventory (actions: degrade)'),
    );
    expect(actionRefusal({ readOnly: false, actions: [] }, 'degrade')).toContain('(actions: none)');
  });
});

describe('stateDir', () => {
  it('is $PERFMON_STATE_DIR, else $XDG_STATE_HOME/perfmon, else ~/.local/state/perfmon (relative values ignored)', () => {
    expect(stateDir({ PERFMON_STATE_DIR: '/srv/pm', XDG_STATE_HOME: '/x' }, '/home/op')).toBe('/srv/pm');
    expect(stateDir({ XDG_STATE_HOME: '/x' }, '/home/op')).toBe('/x/perfmon');
    expect(stateDir({ PERFMON_STATE_DIR: 'rel', XDG_STATE_HOME: 'rel' }, '/home/op')).toBe('/home/op/.local/state/perfmon');
  });
});
