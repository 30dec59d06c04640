import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/procedures/plan.js';
import { DependencyCycleError, recoveryLevels } from '../../src/procedures/recovery-order.js';

const c = (name: string, dependsOn: string[] = [], priority = 100) => ({ name, dependsOn, priority });

describe('recoveryLevels', () => {
  it('puts each component one level after its last dependency, critical first within a level', () => {
    const levels = recoveryLevels([
      c('gateway', ['order-engine']),
      c('order-engine', ['database', 'broker']),
      c('market-data', ['broker'], 50),
      c('broker', [], 10),
      c('database', [], 0),
      c('web'),
    ]);
    expect(levels).toEqual([['database', 'broker', 'web'], ['market-data', 'order-engine'], ['gateway']]);
  });

  it('refuses every cycle before anything runs, each written a → b → c → a', () => {
    const error = (() => {
      try {
        recoveryLevels([c('a', ['b']), c('b', ['c']), c('c', ['a']), c('x', ['y']), c('y', ['x']), c('ok')]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DependencyCycleError);
    expect((error as DependencyCycleError).cycles).toEqual([['a', 'b', 'c', 'a'], ['x', 'y', 'x']]);
    expect((error as Error).message).toBe('dependency cycles, so there is no order to recover in: a → b → c → a; x → y → x');
  });

  it('refuses a dependency on a component that does not exist', () => {
    expect(() => recoveryLevels([c('a', ['ghost'])])).toThrow(new PlanError('component a depends on unknown ghost'));
  });
});
