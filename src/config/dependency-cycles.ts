/**
 * Dependency cycles among components (`dependsOn`), found before anything runs.
 */

export interface DependencyNode {
  name: string;
  dependsOn: readonly string[];
}

/**
 * Every distinct cycle, each as the names along it with the first repeated at the end
 * (`['a', 'b', 'c', 'a']`), starting from the name that comes first in the list. Dependencies on
 * unknown names are ignored (they are reported elsewhere).
 */
export function findDependencyCycles(nodes: readonly DependencyNode[]): string[][] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const order = new Map(nodes.map((node, index) => [node.name, index]));
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const next of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(next)) continue;
      if (state.get(next) === 'active') {
        const loop = stack.slice(stack.indexOf(next));
        // Rotate so the same cycle found from another node is recognised as the same.
        const first = loop.reduce((a, b) => ((order.get(b) ?? 0) < (order.get(a) ?? 0) ? b : a));
        const rotated = [...loop.slice(loop.indexOf(first)), ...loop.slice(0, loop.indexOf(first))];
        const key = rotated.join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...rotated, first]);
        }
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };

  for (const node of nodes) if (state.get(node.name) === undefined) visit(node.name);
  return cycles;
}

/** `a → b → c → a` */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
