/**
 * The order in which the platform comes back: topological levels of `dependsOn` (a component
 * goes one level after the last of its dependencies), most critical first within a level
 * (lower priority number, then inventory order). A cycle has no order: it is refused, before
 * anything runs, naming every cycle as `a → b → c → a`.
 */
import type { Component } from '../config/inventory-schema.js';
import { findDependencyCycles, formatCycle } from '../config/dependency-cycles.js';
import { PlanError } from './plan.js';

export class DependencyCycleError extends PlanError {
  constructor(readonly cycles: string[][]) {
    super(`dependency cycle${cycles.length === 1 ? '' : 's'}, so there is no order to recover in: ${cycles.map(formatCycle).join('; ')}`);
    this.name = 'DependencyCycleError';
  }
}

type Node = Pick<Component, 'name' | 'dependsOn' | 'priority'>;

/** Component names level by level, each level in the order it runs. Throws DependencyCycleError / PlanError. */
export function recoveryLevels(components: readonly Node[]): string[][] {
  const byName = new Map(components.map((component, index) => [component.name, { component, index }]));
  for (const component of components) {
    const unknown = component.dependsOn.filter((name) => !byName.has(name));
    if (unknown.length > 0) throw new PlanError(`component ${component.name} depends on unknown ${unknown.join(', ')}`);
  }
  const cycles = findDependencyCycles(components);
  if (cycles.length > 0) throw new DependencyCycleError(cycles);

  const level = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    const deps = byName.get(name)!.component.dependsOn;
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(levelOf));
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const component of components) (levels[levelOf(component.name)] ??= []).push(component.name);
  const rank = (name: string) => byName.get(name)!;
  return levels.map((names) =>
    [...names].sort((a, b) => rank(a).component.priority - rank(b).component.priority || rank(a).index - rank(b).index),
  );
}
