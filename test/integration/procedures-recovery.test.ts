/**
 * Dependency-ordered recovery on the lab: levels by dependsOn, critical first within a level,
 * each level health-gated before the next, components without a restart command only waited
 * for; and a cycle refused before anything runs.
 */
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentSchema } from '../../src/config/component-schema.js';
import type { Inventory } from '../../src/config/inventory-schema.js';
import { AuditLog, currentIdentity } from '../../src/procedures/audit-log.js';
import { planRecovery, runRecovery, type RecoveryEvent } from '../../src/procedures/recovery.js';
import { DependencyCycleError } from '../../src/procedures/recovery-order.js';
import { eventsOf, startServiceLab, SUPERVISOR, type ServiceLab } from '../procedures/service-lab.js';

let svc: ServiceLab;

beforeAll(async () => {
  svc = await startServiceLab({ hosts: 2, warmupMs: 300 });
});
afterAll(async () => {
  await svc?.stop();
});

/** The lab inventory plus components around the lab service `svc.component`. */
async function platform(extra: Array<Record<string, unknown>>): Promise<Inventory> {
  const inventory = await svc.inventory();
  inventory.components.push(...extra.map((raw) => componentSchema.parse(raw)));
  return inventory;
}

const status = () => `sh ${SUPERVISOR} ${svc.base}/{host} status`;
/** A health check by the supervisor's status, quick enough for a test. */
const statusHealth = () => ({ command: status(), interval: 0.25, healthyFor: 0.25, startTimeout: 10 });

describe('perfmon recover (engine)', () => {
  it('restarts level by level, critical first, each level healthy before the next', async () => {
    const inventory = await platform([
      { name: `${svc.component}-gateway`, role: 'gateway', hosts: ['lab-0', 'lab-1'], dependsOn: [svc.component], maxUnavailable: 2, restart: `sh ${SUPERVISOR} ${svc.base}/{host} note gateway-restart`, health: statusHealth() },
      { name: `${svc.component}-database`, role: 'database', hosts: ['lab-0'], priority: 0, health: statusHealth() },
      { name: `${svc.component}-reports`, role: 'web', hosts: ['lab-1'] },
    ]);
    const access = svc.access(inventory);
    try {
      const plan = planRecovery(inventory, access);
      expect(plan.levels.map((level) => level.map((step) => step.component))).toEqual([[`${svc.component}-database`, svc.component], [`${svc.component}-gateway`]]);
      expect(plan.ignored).toEqual([`${svc.component}-reports`]);
      expect(plan.levels[0]![0]!.restart).toBeUndefined();
      expect(plan.levels[1]![0]!.restart!.batchSize).toBe(2);

      const marks = svc.lab.hosts.map((_, i) => svc.events(i).length);
      const seen: RecoveryEvent[] = [];
      const audit = new AuditLog(svc.auditFile, currentIdentity());
      const outcome = await runRecovery(plan, { access, audit, stateDir: svc.stateDir, onEvent: (e) => seen.push(e) });
      expect(outcome.status).toBe('completed');
      expect(Object.keys(outcome.runs)).toEqual([svc.component, `${svc.component}-gateway`]);

      const short = (name: string) => name.replace(`${svc.component}-`, '');
      // Gates of one level are checked side by side: compare each level's set.
      const levels: string[][] = [];
      for (const e of seen) {
        if (e.type === 'level') levels.push([]);
        if (e.type === 'gate') levels.at(-1)!.push(`${short(e.component)} ${e.host} ${e.ok}`);
      }
      expect(levels.map((gates) => gates.sort())).toEqual([
        ['database lab-0 true', `${svc.component} lab-0 true`, `${svc.component} lab-1 true`].sort(),
        ['gateway lab-0 true', 'gateway lab-1 true'],
      ]);
      // From the service's own records: the gateway was restarted after the service came back everywhere.
      const events = svc.lab.hosts.map((_, i) => svc.events(i).slice(marks[i]));
      const serviceHealthy = Math.max(...events.map((e) => eventsOf(e, 'healthy').at(-1)!.t));
      const gatewayRestarts = events.flatMap((e) => eventsOf(e, 'note'));
      expect(gatewayRestarts).toHaveLength(2);
      expect(Math.min(...gatewayRestarts.map((e) => e.t))).toBeGreaterThanOrEqual(serviceHealthy);
      expect(svc.notes(0)).toBe('gateway-restart\n');
    } finally {
      access.close();
    }
  });

  it('refuses a dependency cycle before anything runs, naming it', async () => {
    const inventory = await platform([
      { name: 'a', role: 'web', hosts: ['lab-0'], dependsOn: ['b'], restart: 'true', health: { command: 'true' } },
      { name: 'b', role: 'web', hosts: ['lab-0'], dependsOn: ['c'], restart: 'true', health: { command: 'true' } },
      { name: 'c', role: 'web', hosts: ['lab-0'], dependsOn: ['a'], restart: 'true', health: { command: 'true' } },
    ]);
    const auditBefore = existsSync(svc.auditFile) ? statSync(svc.auditFile).size : 0;
    const access = svc.access(inventory);
    try {
      expect(() => planRecovery(inventory, access)).toThrow(DependencyCycleError);
      expect(() => planRecovery(inventory, access)).toThrow('dependency cycle, so there is no order to recover in: a → b → c → a');
    } finally {
      access.close();
    }
    expect(existsSync(svc.auditFile) ? statSync(svc.auditFile).size : 0).toBe(auditBefore);
  });
});
