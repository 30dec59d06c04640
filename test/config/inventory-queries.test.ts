import { describe, expect, it } from 'vitest';
import { findDependencyCycles, formatCycle } from '../../src/config/dependency-cycles.js';
import {
  appMetricsFor,
  componentHosts,
  groupHosts,
  isActionAllowed,
  maxUnavailableCount,
} from '../../src/config/inventory-queries.js';
import { resolveInventoryPaths } from '../../src/config/load-inventory.js';
import { parseInventoryText } from '../../src/config/parse-inventory.js';
import { labelMatches } from '../../src/model/series-key.js';

function inventoryOf(text: string) {
  const result = parseInventoryText(text, 'inv.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return resolveInventoryPaths(result.inventory, { baseDir: '/', env: {}, home: '/home/op' });
}

const inventory = inventoryOf(`
hosts:
  - {name: a, labels: {dc: ny4, rack: "12"}}
  - {name: b, labels: {dc: ld4, rack: "7"}}
  - {name: c, labels: {dc: ny5}}
groups:
  ny: {hosts: [b], labels: {dc: "/ny[0-9]/"}}
  racked: {labels: [{rack: "/[0-9]+/"}, {dc: ny5}]}
appMetrics:
  web:
    requestsPerSec: {type: rate, metric: http_requests_total}
    errorRate: {type: ratio, numerator: {metric: http_errors_total}, denominator: {metric: http_requests_total}}
components:
  - {name: w, role: web, hosts: [c], group: ny, appMetrics: {errorRate: {type: gauge, metric: error_ratio}}}
`);

describe('groups and components', () => {
  it('matches labels by equality or by a /regex/ over the whole value', () => {
    expect(labelMatches('ny4', 'ny4')).toBe(true);
    expect(labelMatches('ny4', '/ny[0-9]/')).toBe(true);
    expect(labelMatches('xny4', '/ny[0-9]/')).toBe(false);
    expect(labelMatches(undefined, '/.*/')).toBe(false);
  });

  it('resolves a group from members and selectors, in inventory order', () => {
    expect(groupHosts(inventory, 'ny').map((host) => host.name)).toEqual(['a', 'b', 'c']);
    expect(groupHosts(inventory, 'racked').map((host) => host.name)).toEqual(['a', 'b', 'c']);
  });

  it("adds a component's group hosts to its hosts", () => {
    const [component] = inventory.components;
    expect(component && componentHosts(inventory, component).map((host) => host.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('maxUnavailableCount', () => {
  it('takes a count as is, a percentage of the hosts rounded down, never below 1 or above the hosts', () => {
    expect(maxUnavailableCount({ maxUnavailable: 2 }, 10)).toBe(2);
    expect(maxUnavailableCount({ maxUnavailable: '25%' }, 10)).toBe(2);
    expect(maxUnavailableCount({ maxUnavailable: '25%' }, 3)).toBe(1);
    expect(maxUnavailableCount({ maxUnavailable: '100%' }, 4)).toBe(4);
    expect(maxUnavailableCount({ maxUnavailable: 5 }, 3)).toBe(3);
  });
});

describe('appMetricsFor', () => {
  it('layers built-in role mappings, then the inventory role mappings, then the component', () => {
    const [component] = inventory.components;
    const builtIn = { web: { activeSessions: { type: 'gauge' as const, metric: 'sessions', aggregate: 'sum' as const, labels: {}, scale: 1 } } };
    const mappings = component ? appMetricsFor(inventory, component, builtIn) : {};
    expect(Object.keys(mappings).sort()).toEqual(['activeSessions', 'errorRate', 'requestsPerSec']);
    expect(mappings['errorRate']).toMatchObject({ type: 'gauge', metric: 'error_ratio' });
    expect(mappings['requestsPerSec']).toMatchObject({ type: 'rate', metric: 'http_requests_total' });
  });
});

describe('isActionAllowed', () => {
  it('needs the kind in actions and the inventory not read-only', () => {
    expect(isActionAllowed({ readOnly: false, actions: ['restart'] }, 'restart')).toBe(true);
    expect(isActionAllowed({ readOnly: false, actions: ['restart'] }, 'degrade')).toBe(false);
    expect(isActionAllowed({ readOnly: true, actions: ['restart'] }, 'restart')).toBe(false);
  });
});

describe('findDependencyCycles', () => {
  it('finds none in a DAG', () => {
    expect(findDependencyCycles([{ name: 'oe', dependsOn: ['db', 'mq'] }, { name: 'db', dependsOn: [] }, { name: 'mq', dependsOn: ['db'] }])).toEqual([]);
  });

  it('reports each cycle once, from the first-listed member, ignoring unknown names', () => {
    const cycles = findDependencyCycles([
      { name: 'a', dependsOn: ['b', 'ghost'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'c', dependsOn: ['a'] },
      { name: 'd', dependsOn: ['d'] },
      { name: 'e', dependsOn: ['c'] },
    ]);
    expect(cycles.map(formatCycle)).toEqual(['a → b → c → a', 'd → d']);
  });
});
